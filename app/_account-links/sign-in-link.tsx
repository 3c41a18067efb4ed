import { useTranslations } from "next-intl";
import Link from "next/link";

/** The way on from an account link's page, once it is used or cannot be: to sign-in. */
export function SignInLink() {
  const t = useTranslations("accountLinks");
  return (
    <p className="mt-2">
      <Link href="/sign-in" className="underline">
        {t("goToSignIn")}
      </Link>
    </p>
  );
}

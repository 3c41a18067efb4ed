import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountLinkPage } from "../_account-links/link-page";

export async function generateMetadata(): Promise<Metadata> {
  // A link of the older form carried its token in the address: keep it out of any Referer.
  return { referrer: "no-referrer", title: (await getTranslations("accountLinks"))("resetTitle") };
}

export default function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  return <AccountLinkPage purpose="password_reset" searchParams={searchParams} />;
}

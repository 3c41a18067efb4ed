"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { PageHeading } from "@/components/ui/page-heading";
import { Frame, HeaderBar } from "./frame";

/**
 * What a page says when it failed unexpectedly (the database is down, say): in the reader's language,
 * with the reference of the failure that the server logged (Next's digest), a way to try again and a way
 * home. The error's own text is never shown: in production it is not the server's anyway.
 */
export function ErrorContent({ digest, retry }: { digest?: string; retry: () => void }) {
  const t = useTranslations("errors");
  return (
    <div data-testid="error-page">
      <PageHeading title={t("errorTitle")} intro={t("generic")} />
      {digest && <p className="mb-4 text-sm text-slate-700">{t("reference", { requestId: digest })}</p>}
      <div className="flex flex-wrap items-center gap-6">
        <button type="button" onClick={retry} className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
          {t("retry")}
        </button>
        <Link href="/" prefetch={false}>
          {t("home")}
        </Link>
      </div>
    </div>
  );
}

/** `ErrorContent` inside the site's page frame, for a failure above the portal's own layout. */
export function FramedErrorPage({ digest, retry }: { digest?: string; retry: () => void }) {
  const t = useTranslations();
  return (
    <Frame
      header={
        <header className="bg-brand-800 text-white">
          <HeaderBar appName={t("app.name")} />
        </header>
      }
      labels={{ skipToContent: t("shell.skipToContent"), footer: t("shell.footer"), privacyLink: t("shell.privacyLink") }}
    >
      <ErrorContent digest={digest} retry={retry} />
    </Frame>
  );
}

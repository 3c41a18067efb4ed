import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountLinkPage } from "../_account-links/link-page";

export async function generateMetadata(): Promise<Metadata> {
  // A Referer never holds a fragment (where the link keeps its secret); this page sends none at all.
  return { referrer: "no-referrer", title: (await getTranslations("accountLinks"))("invitationTitle") };
}

export default function WelcomePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  return <AccountLinkPage purpose="invitation" searchParams={searchParams} />;
}

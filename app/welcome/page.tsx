import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountLinkPage } from "../_account-links/link-page";

export async function generateMetadata(): Promise<Metadata> {
  // The link's token is a secret: keep it out of the Referer of anything this page loads.
  return { referrer: "no-referrer", title: (await getTranslations("accountLinks"))("invitationTitle") };
}

export default async function WelcomePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return <AccountLinkPage purpose="invitation" token={token} />;
}

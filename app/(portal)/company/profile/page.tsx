import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatDateTime, localName } from "@/lib/i18n/format";
import { getOwnProfile } from "@/lib/services/get-own-profile";
import { sectorCodes } from "@/db/schema";
import { listCriticalProducts } from "@/lib/services/list-critical-products";
import { ProfileForm } from "./profile-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("profile"))("title") };
}

export default async function ProfilePage() {
  const ctx = await requirePageContext();
  const [profile, products, t, tSectors, locale] = await Promise.all([
    loadForPage(() => getOwnProfile({ ctx, input: undefined })),
    listCriticalProducts({ ctx, input: undefined }),
    getTranslations("profile"),
    getTranslations("sectors"),
    getLocale(),
  ]);
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      {profile.updatedAt && (
        <p className="mb-4 text-sm text-slate-700">{t("version", { version: profile.version, updatedAt: formatDateTime(locale, profile.updatedAt) })}</p>
      )}
      <ProfileForm
        initial={{
          contactName: profile.contactName ?? "",
          contactEmail: profile.contactEmail ?? "",
          contactPhone: profile.contactPhone ?? "",
          productCodes: profile.productCodes,
          sector: profile.sector,
        }}
        products={products.map((p) => ({ code: p.code, category: p.category, name: localName(locale, p) }))}
        sectors={sectorCodes.map((code) => ({ value: code, label: tSectors(code) }))}
      />
    </>
  );
}

import { useLocale, useTranslations } from "next-intl";
import type { Disclosure } from "@/lib/schemas/disclosure";
import { formatDateTime } from "@/lib/i18n/format";

/** Review comments, oldest first, each with its decision, reviewer (a pseudonym for the company) and version. */
export function ReviewsList({ reviews }: { reviews: Disclosure["reviews"] }) {
  const t = useTranslations("disclosures");
  const locale = useLocale();
  if (reviews.length === 0) return <p>{t("detail.noReviews")}</p>;
  return (
    <ol className="space-y-3" data-testid="reviews">
      {reviews.map((r) => (
        <li key={r.id} className="rounded border border-slate-200 p-3" data-testid="review">
          <p className="text-sm text-slate-800">
            <span className="font-semibold">{t(`decisions.${r.decision}`)}</span> ·{" "}
            {t("detail.reviewBy", { reviewer: r.reviewer, version: r.versionNumber })} ·{" "}
            <time dateTime={r.createdAt}>{formatDateTime(locale, r.createdAt)}</time>
          </p>
          {r.comment && <p className="mt-1 whitespace-pre-wrap">{r.comment}</p>}
        </li>
      ))}
    </ol>
  );
}

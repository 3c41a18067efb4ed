import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { queryString, type RawSearchParams } from "@/app/(portal)/_filters/search-params";

/** "First page" and "Next page" links of a keyset-paged list, keeping its filters. */
export async function Pagination({ params, basePath, nextCursor }: { params: RawSearchParams; basePath: string; nextCursor: string | null }) {
  const t = await getTranslations("disclosures.list");
  if (params.cursor === undefined && !nextCursor) return null;
  return (
    <nav aria-label={t("pagination")} className="mt-4">
      <ul className="flex flex-wrap gap-6">
        {params.cursor !== undefined && (
          <li>
            <Link href={`${basePath}${queryString(params, ["cursor"])}`}>{t("firstPage")}</Link>
          </li>
        )}
        {nextCursor && (
          <li>
            <Link href={`${basePath}${queryString(params, ["cursor"], { cursor: nextCursor })}`} rel="next">
              {t("nextPage")}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

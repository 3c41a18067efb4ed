import { useTranslations } from "next-intl";
import { Cell } from "@/components/ui/data-table";
import type { InsightProduct } from "@/lib/schemas/insights";

/**
 * Figures withheld under the k-anonymity rule: one cell across the columns they would fill, saying why in
 * words from the catalogue (`insights.suppressed`); with no reason given it says "fewer than 3 companies".
 */
export function SuppressedCell({ reason, colSpan, className }: { reason: InsightProduct["suppression"]; colSpan: number; className?: string }) {
  const t = useTranslations("insights.suppressed");
  return (
    <Cell colSpan={colSpan} className={className} data-testid="suppressed">
      {t(reason ?? "small_group")}
    </Cell>
  );
}

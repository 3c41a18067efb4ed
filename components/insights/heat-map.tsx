import { ScrollRegion } from "@/components/ui/scroll-region";
import type { InsightCell, InsightProduct } from "@/lib/schemas/insights";

// Weighted share → one of six fills, lightest to darkest (text turns white on the dark ones).
const fills = ["bg-sky-50", "bg-sky-100", "bg-sky-200", "bg-sky-300", "bg-sky-700", "bg-sky-900"];
const DARK_FROM = 4;
const labelColumn = "w-40 shrink-0";
const cellColumn = "min-w-12 flex-1";
const fillIndex = (share: number) => Math.min(fills.length - 1, Math.floor(share / (100 / fills.length)));

/**
 * The visual heat map, products down and supplier countries across. It is one image to assistive
 * technology: the data table beside it carries the same figures.
 */
export function HeatMap({
  products,
  cells,
  countries,
  label,
  legend,
}: {
  products: { code: string; name: string; product: InsightProduct }[];
  cells: InsightCell[];
  countries: { code: string; name: string }[];
  label: string;
  legend: { low: string; high: string; suppressed: string };
}) {
  const byKey = new Map(cells.map((c) => [`${c.productCode}|${c.supplierCountry}`, c]));
  return (
    // Wider than a phone: it scrolls sideways in a region of its own, which the keyboard can reach.
    <ScrollRegion label={label}>
      <div role="img" aria-label={label} data-testid="heat-map">
        {/* Rows of equal flexible cells after a fixed label column: no inline style, which the page's CSP blocks. */}
        <div className="flex min-w-max flex-col gap-px text-xs">
          <div className="flex gap-px">
            <div className={labelColumn} />
            {countries.map((c) => (
              <div key={c.code} className={`${cellColumn} px-1 pb-1 text-center font-medium text-slate-800`} title={c.name}>
                {c.code}
              </div>
            ))}
          </div>
          {products.map((p) => (
            <div key={p.code} className="flex gap-px">
              <div className={`${labelColumn} py-2 pr-2 font-medium text-slate-900`}>{p.name}</div>
              {countries.map((c) => {
                const cell = byKey.get(`${p.code}|${c.code}`);
                if (p.product.suppressed) return <div key={c.code} className={`${cellColumn} hatched bg-slate-200`} />;
                if (!cell) return <div key={c.code} className={`${cellColumn} bg-slate-50`} />;
                if (cell.suppressed || cell.weightedShare === null) return <div key={c.code} className={`${cellColumn} hatched bg-slate-200`} />;
                const index = fillIndex(cell.weightedShare);
                return (
                  <div key={c.code} className={`${cellColumn} flex items-center justify-center py-2 ${fills[index]} ${index >= DARK_FROM ? "text-white" : "text-slate-900"}`}>
                    {Math.round(cell.weightedShare)}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-3 text-xs text-slate-800">
          <span>{legend.low}</span>
          <span className="flex">
            {fills.map((f) => (
              <span key={f} className={`h-3 w-6 ${f}`} />
            ))}
          </span>
          <span>{legend.high}</span>
          <span className="ml-4 flex items-center gap-1">
            <span className="hatched inline-block h-3 w-6 bg-slate-200" />
            {legend.suppressed}
          </span>
        </div>
      </div>
    </ScrollRegion>
  );
}

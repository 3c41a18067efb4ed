import type { StoredExposureItem } from "@/db/schema";

// Two versions of a disclosure, row by row. An exposure is identified by what it is about (product,
// stage, supplier country, material); everything else is a value that may change between versions.

export const comparedFields = [
  "hsCode",
  "supplierName",
  "sharePercent",
  "inventoryDays",
  "leadTimeDays",
  "alternativeSuppliers",
  "singleSource",
  "riskFactors",
  "mitigationStrategy",
  "mitigationPlan",
  "mitigationTargetDate",
  "confidentialityClaimed",
  "confidentialityReason",
] as const;
export type ComparedField = (typeof comparedFields)[number];

type FieldValue = string | number | boolean | null;

export function fieldValue(item: StoredExposureItem, field: ComparedField): FieldValue {
  switch (field) {
    case "riskFactors":
      return item.riskFactors?.length ? item.riskFactors.join("; ") : null;
    case "mitigationStrategy":
      return item.mitigation?.strategy ?? null;
    case "mitigationPlan":
      return item.mitigation?.plan ?? null;
    case "mitigationTargetDate":
      return item.mitigation?.targetDate ?? null;
    case "confidentialityClaimed":
      return item.confidentiality?.claimed ?? false;
    case "confidentialityReason":
      return item.confidentiality?.reason ?? null;
    default:
      return item[field] ?? null;
  }
}

export type ItemChange =
  | { kind: "added"; to: StoredExposureItem }
  | { kind: "removed"; from: StoredExposureItem }
  | { kind: "changed"; from: StoredExposureItem; to: StoredExposureItem; fields: ComparedField[] }
  | { kind: "unchanged"; from: StoredExposureItem; to: StoredExposureItem };

const identity = (item: StoredExposureItem) =>
  [item.productCode, item.stage, item.supplierCountry, (item.material ?? "").trim().toLowerCase()].join("\u0000");

/**
 * The rows of two versions paired by identity (the n-th of several alike pairs with the n-th), in the
 * newer version's order, with removed rows after the row that preceded them in the older one.
 */
export function compareItems(from: StoredExposureItem[], to: StoredExposureItem[]): ItemChange[] {
  const waiting = new Map<string, number[]>();
  from.forEach((item, i) => {
    const key = identity(item);
    waiting.set(key, [...(waiting.get(key) ?? []), i]);
  });
  const pairedFrom = new Map<number, number>();
  to.forEach((item, j) => {
    const candidates = waiting.get(identity(item));
    const i = candidates?.shift();
    if (i !== undefined) pairedFrom.set(i, j);
  });
  const toOf = new Map([...pairedFrom].map(([i, j]) => [j, i]));

  const result: ItemChange[] = [];
  const removedAfter = new Map<number, ItemChange[]>(); // index in `to` (-1 = at the start) → removed rows
  let anchor = -1;
  from.forEach((item, i) => {
    const j = pairedFrom.get(i);
    if (j !== undefined) anchor = j;
    else removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), { kind: "removed", from: item }]);
  });
  result.push(...(removedAfter.get(-1) ?? []));
  to.forEach((item, j) => {
    const i = toOf.get(j);
    if (i === undefined) {
      result.push({ kind: "added", to: item });
    } else {
      const before = from[i]!;
      const fields = comparedFields.filter((f) => fieldValue(before, f) !== fieldValue(item, f));
      result.push(fields.length ? { kind: "changed", from: before, to: item, fields } : { kind: "unchanged", from: before, to: item });
    }
    result.push(...(removedAfter.get(j) ?? []));
  });
  return result;
}

export function changeCounts(changes: ItemChange[]): Record<ItemChange["kind"], number> {
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const change of changes) counts[change.kind] += 1;
  return counts;
}

import type { StoredExposureItem } from "@/db/schema";
import { exposureItemSchema, exposureItemsSchema, type UpdateDisclosureInput } from "@/lib/schemas/disclosure";
import { isCatalogueKey } from "@/lib/i18n/validation";

// The draft editor's form model: every control holds what the browser gives it (text, or a checkbox's
// boolean). `toDraftInput` turns it into the shared schema's input, so the same zod schema checks the
// form as it is typed and the server when it is saved; error paths stay the same in both.

export interface ItemFormValues {
  productCode: string;
  hsCode: string;
  material: string;
  stage: string;
  supplierCountry: string;
  supplierName: string;
  sharePercent: string;
  inventoryDays: string;
  leadTimeDays: string;
  alternativeSuppliers: string;
  singleSource: boolean;
  /** One risk factor per line. */
  riskFactors: string;
  mitigation: { strategy: string; plan: string; targetDate: string };
  confidentiality: { claimed: boolean; reason: string };
}

export interface DraftFormValues {
  items: ItemFormValues[];
  notes: string;
}

export const emptyItem = (): ItemFormValues => ({
  productCode: "",
  hsCode: "",
  material: "",
  stage: "",
  supplierCountry: "",
  supplierName: "",
  sharePercent: "",
  inventoryDays: "",
  leadTimeDays: "",
  alternativeSuppliers: "0",
  singleSource: false,
  riskFactors: "",
  mitigation: { strategy: "", plan: "", targetDate: "" },
  confidentiality: { claimed: false, reason: "" },
});

const text = (value: string | number | undefined) => (value === undefined ? "" : String(value));

export function toItemFormValues(item: StoredExposureItem): ItemFormValues {
  return {
    productCode: item.productCode,
    hsCode: text(item.hsCode),
    material: text(item.material),
    stage: item.stage,
    supplierCountry: item.supplierCountry,
    supplierName: text(item.supplierName),
    sharePercent: text(item.sharePercent),
    inventoryDays: text(item.inventoryDays),
    leadTimeDays: text(item.leadTimeDays),
    alternativeSuppliers: text(item.alternativeSuppliers),
    singleSource: item.singleSource,
    riskFactors: (item.riskFactors ?? []).join("\n"),
    mitigation: { strategy: text(item.mitigation?.strategy), plan: text(item.mitigation?.plan), targetDate: text(item.mitigation?.targetDate) },
    confidentiality: { claimed: item.confidentiality?.claimed ?? false, reason: text(item.confidentiality?.reason) },
  };
}

export function toDraftFormValues(items: StoredExposureItem[], notes: string | null): DraftFormValues {
  return { items: items.map(toItemFormValues), notes: notes ?? "" };
}

/** Empty → absent; otherwise the text as it was typed (the schema trims and checks it). */
const optional = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value);

/** A number field: empty → absent, anything else → its number (NaN when it is not one, which the schema refuses). */
const numeric = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : Number(value));

type ItemInput = Record<string, unknown>;

function toItemInput(item: ItemFormValues): ItemInput {
  // Defaults guard against a value the browser has not reported yet; the form model is all text otherwise.
  const mitigation = item.mitigation ?? emptyItem().mitigation;
  const confidentiality = item.confidentiality ?? emptyItem().confidentiality;
  const riskFactors = (item.riskFactors ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const hasMitigation = [mitigation.strategy, mitigation.plan, mitigation.targetDate].some((v) => (v ?? "").trim() !== "");
  const hasConfidentiality = confidentiality.claimed || (confidentiality.reason ?? "").trim() !== "";
  return {
    productCode: item.productCode || undefined,
    hsCode: optional(item.hsCode),
    material: optional(item.material),
    stage: item.stage || undefined,
    supplierCountry: item.supplierCountry ?? "",
    supplierName: optional(item.supplierName),
    sharePercent: numeric(item.sharePercent),
    inventoryDays: numeric(item.inventoryDays),
    leadTimeDays: numeric(item.leadTimeDays),
    alternativeSuppliers: numeric(item.alternativeSuppliers),
    singleSource: item.singleSource === true,
    riskFactors: riskFactors.length ? riskFactors : undefined,
    mitigation: hasMitigation ? { strategy: mitigation.strategy || undefined, plan: mitigation.plan, targetDate: mitigation.targetDate } : undefined,
    confidentiality: hasConfidentiality ? { claimed: confidentiality.claimed, reason: optional(confidentiality.reason) } : undefined,
  };
}

/** What the form holds, as the shared update schema's input (unparsed: the schema decides what is valid). */
export function toDraftInput(values: DraftFormValues): UpdateDisclosureInput {
  // Deliberately loose: the resolver runs the schema on exactly this, so wrong values surface as field errors.
  return { items: values.items.map(toItemInput), notes: values.notes } as unknown as UpdateDisclosureInput;
}

/**
 * Rows whose share breaks the shared "at most 100 per product and stage" rule, even while other fields of
 * the form are still incomplete (the schema checks the total only once every row is otherwise valid).
 * The rule itself is the schema's: each row is reduced to its product, stage and share and checked again.
 */
export function shareTotalErrorRows(values: DraftFormValues): number[] {
  const rows = values.items.flatMap((item, index) => {
    const reduced = {
      productCode: item.productCode,
      stage: item.stage,
      supplierCountry: "JP",
      sharePercent: numeric(item.sharePercent),
      inventoryDays: 0,
      alternativeSuppliers: 0,
      singleSource: false,
    };
    return exposureItemSchema.safeParse(reduced).success ? [{ index, reduced }] : [];
  });
  const checked = exposureItemsSchema.safeParse(rows.map((r) => r.reduced));
  if (checked.success) return [];
  return checked.error.issues.filter((i) => i.message === "validation.shareTotal").map((i) => rows[Number(i.path[0])]!.index);
}

/**
 * A message from the server as a catalogue key, or null for text. Field errors carry the schema's key,
 * which the form shows in the reader's language; a service's refusal may still be English text.
 */
export function messageKeyOf(message: string): string | null {
  return isCatalogueKey(message) ? message : null;
}

import type { Advisory } from "@/lib/schemas/advisory";

/** An advisory's targets as the editor's lists (none for a reader who may not see them). */
export function formTargets(targets: Advisory["targets"]) {
  return {
    products: targets?.products ?? [],
    countries: targets?.countries ?? [],
    sectors: targets?.sectors ?? [],
    organisations: targets?.organisations.map((o) => o.id) ?? [],
  };
}

/**
 * What the editor holds of an advisory: its working revision's words, labels and targets, and — editing a
 * draft — its change summary (a new revision starts without one). On the editor's page and when the editor
 * continues from a newer save than the one it loaded.
 */
export function formValuesOf(advisory: Advisory, mode: "edit" | "revise") {
  return {
    title: advisory.title,
    summary: advisory.summary,
    body: advisory.body,
    severity: advisory.severity,
    tlp: advisory.tlp,
    targets: formTargets(advisory.targets),
    changeSummary: mode === "edit" ? (advisory.changeSummary ?? "") : "",
  };
}

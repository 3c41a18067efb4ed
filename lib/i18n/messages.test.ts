import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import ja from "./messages/ja.json";

/** Every leaf of a catalogue as `dotted.key → value`. */
function leaves(node: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (node !== null && typeof node === "object" && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) {
      for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, node);
  }
  return out;
}

/** `{name}`-style placeholders, which both languages must use alike. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe("message catalogues", () => {
  const english = leaves(en);
  const japanese = leaves(ja);

  it("have exactly the same keys in English and Japanese", () => {
    const missingInJa = [...english.keys()].filter((k) => !japanese.has(k));
    const missingInEn = [...japanese.keys()].filter((k) => !english.has(k));
    expect({ missingInJa, missingInEn }).toEqual({ missingInJa: [], missingInEn: [] });
  });

  it("hold only non-empty strings", () => {
    for (const [name, catalogue] of [["en", english], ["ja", japanese]] as const) {
      const bad = [...catalogue].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => `${name}:${k}`);
      expect(bad).toEqual([]);
    }
  });

  it("use the same placeholders in both languages", () => {
    const mismatched = [...english]
      .filter(([k, v]) => typeof v === "string" && typeof japanese.get(k) === "string")
      .filter(([k, v]) => placeholders(v as string).join() !== placeholders(japanese.get(k) as string).join())
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });
});

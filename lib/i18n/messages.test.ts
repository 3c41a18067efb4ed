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

/**
 * The ICU arguments a message uses — `{name}`, and the names of `{name, plural|select, …}` — which both
 * languages must use alike. A small scanner rather than a pattern: a select's branch bodies (`draft {draft}`)
 * look like placeholders but are text.
 */
function placeholders(text: string): string[] {
  const names = new Set<string>();
  let at = 0;
  const message = (): void => {
    while (at < text.length && text[at] !== "}") {
      if (text[at] === "'") at = text.indexOf("'", at + 1) + 1 || text.length; // quoted literal text
      else if (text[at] === "{") argument();
      else at++;
    }
  };
  const argument = (): void => {
    at++; // {
    const head = /^\s*(\w+)\s*(?:,\s*(\w+)\s*)?/.exec(text.slice(at))!;
    names.add(head[1]!);
    at += head[0].length;
    if (text[at] === ",") {
      at++;
      if (head[2] === "plural" || head[2] === "select" || head[2] === "selectordinal") {
        // Branches: `selector {message}` until the argument's closing brace.
        while (at < text.length && text[at] !== "}") {
          if (text[at] === "{") {
            at++;
            message();
          }
          at++;
        }
      } else {
        while (at < text.length && text[at] !== "}") at++; // a style (`{n, number, ::percent}`)
      }
    }
    at++; // }
  };
  message();
  return [...names].sort();
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

  // One thing, one word: the portal says 勧告 for an advisory, 撤回 for withdrawing one and 公表 for
  // publishing it (取り下げ is a company's withdrawal of its own disclosure). A second word reads as a
  // second kind of thing.
  it("name an advisory and what is done to it with one word each in Japanese", () => {
    const strays = [...japanese]
      .filter(([, v]) => typeof v === "string" && (/注意喚起/.test(v) || (/勧告/.test(v) && /取り下げ|公開済み|公開前|公開され|公開する/.test(v))))
      .map(([k]) => k);
    expect(strays).toEqual([]);
  });
});

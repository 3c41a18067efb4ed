import { canonicalJson } from "./canonical";

/**
 * An audit event's details, from the text jsonb prints (its own key order — shorter keys first — and
 * ": " / ", " between parts) to the canonical JSON the chain hashes (keys sorted by UTF-16 code units,
 * no whitespace). Verification's COPY reader (copy-links.ts) calls these for every event whose details
 * are not `{}`.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function literal(data: Buffer, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (data[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * The common details — one level of plain ASCII keys with string, integer, true, false or null values —
 * written canonically into `out` at `at` without parsing them: keys sorted, the spaces after ":" and ","
 * dropped. jsonb escapes strings exactly as JSON.stringify does, so their bytes are copied as they are.
 * Returns the position after what it wrote, or -1 for anything else (nesting, decimals, keys needing
 * escapes), which canonicalDetails encodes. `out` must have room for `to - from` bytes more.
 */
export function writeFlatDetails(data: Buffer, from: number, to: number, out: Buffer, at: number): number {
  const members: { key: string; keyStart: number; start: number; end: number }[] = [];
  let p = from;
  if (data[p++] !== 0x7b) return -1;
  for (;;) {
    if (data[p++] !== QUOTE) return -1;
    const keyStart = p;
    while (p < to && data[p] !== QUOTE) {
      const c = data[p]!;
      if (c === BACKSLASH || c < 0x20 || c > 0x7e) return -1;
      p++;
    }
    const key = data.toString("latin1", keyStart, p);
    p++;
    if (data[p++] !== 0x3a || data[p++] !== 0x20) return -1;
    const start = p;
    const first = data[p];
    if (first === QUOTE) {
      for (p++; p < to && data[p] !== QUOTE; p++) if (data[p] === BACKSLASH) p++;
      if (p >= to) return -1;
      p++;
    } else if (first === 0x2d || (first! >= 0x30 && first! <= 0x39)) {
      for (p++; p < to && data[p]! >= 0x30 && data[p]! <= 0x39; p++);
      // Beyond 15 digits JavaScript's numbers (which chained the event) may round: the general encoder decides.
      if (p - start > 15) return -1;
    } else if (!literal(data, p, "true") && !literal(data, p, "false") && !literal(data, p, "null")) {
      return -1;
    } else {
      p += first === 0x66 ? 5 : 4;
    }
    members.push({ key, keyStart, start, end: p });
    if (data[p] === 0x7d && p + 1 === to) break;
    if (data[p++] !== COMMA || data[p++] !== 0x20) return -1;
  }
  members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  out[at++] = 0x7b;
  members.forEach((m, i) => {
    if (i > 0) out[at++] = COMMA;
    out[at++] = QUOTE;
    for (let k = m.keyStart, end = m.keyStart + m.key.length; k < end; k++) out[at++] = data[k]!;
    out[at++] = QUOTE;
    out[at++] = 0x3a;
    for (let k = m.start; k < m.end; k++) out[at++] = data[k]!;
  });
  out[at++] = 0x7d;
  return at;
}

/** Any details: parsed, and encoded by the same key-sorting encoder that chained them. */
export function canonicalDetails(data: Buffer, from: number, to: number): Buffer {
  return Buffer.from(canonicalJson(JSON.parse(data.toString("utf8", from, to))), "utf8");
}

import { hash } from "node:crypto";
import { canonicalJson, CHAIN_VERSION } from "./canonical";

/**
 * Verification's fast lane on PostgreSQL: checks chain links straight from the bytes of
 * `COPY … TO STDOUT (FORMAT binary)` (the columns of chain-rows.ts `copyColumns`, in that order), without
 * making a string or an object per event. For each row it writes the canonical encoding v1 (canonical.ts)
 * into one reused buffer after the previous hash, hashes it, and compares with the stored hash. Binary
 * COPY costs the server about a third of the text format's time; the numbers, uuids and times it sends as
 * binary are formatted here. The bytes are exactly those encodeEvent produces — a property test holds the
 * two together — and the only slow case, details other than `{}`, goes through the same key-sorting encoder.
 */

export interface Link {
  seq: number;
  id: number;
  chainVersion: number | null;
  /** Whether the stored hash equals SHA-256(previous ‖ encoding). */
  matches: boolean;
  /** The link's stored hash, as lowercase hex: known only when it matches (read it only then). */
  headHash(): string;
}

const FIELDS = 18;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const HEX = Buffer.from("0123456789abcdef", "latin1");
const jsonEscapes: Record<number, string> = { 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x22: '\\"', 0x5c: "\\\\" };
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const MICROS_PER_DAY = 86_400_000_000;
/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
const PG_EPOCH_DAYS = 10_957;

// Column positions in `copyColumns`.
const ID = 0, SEQ = 1, TIME = 2, DETAILS = 15, HASH = 16, VERSION = 17;
const UUID_FIELDS = new Set([3, 4, 9]);

/** "YYYY-MM-DD" of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export class CopyLinkChecker {
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private at = 0;
  private rest: Buffer | null = null;
  private headerSeen = false;
  private ended = false;
  private readonly starts = new Int32Array(FIELDS);
  private readonly lengths = new Int32Array(FIELDS);
  private dayCache = -1;
  private dayText = Buffer.alloc(10);
  private readonly link: Link = { seq: 0, id: 0, chainVersion: null, matches: false, headHash: () => this.headHash };
  /** Views of `scratch` by length: hashing a view made once saves an object per event. */
  private views: Buffer[] = [];

  /** `previous`: the hash before the first row to come (32 bytes). */
  constructor(private previous: Buffer) {}

  /** The hash of the last link that matched (or the starting hash), as lowercase hex. */
  get headHash(): string {
    return this.previous.toString("hex");
  }

  /**
   * Checks every complete row of the chunk, in order; `onLink` returns false to stop. The link object is
   * reused from row to row: read it inside the callback.
   */
  push(chunk: Buffer, onLink: (link: Readonly<Link>) => boolean): boolean {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = 0;
    if (!this.headerSeen) {
      if (data.length < 19) {
        this.rest = Buffer.from(data);
        return true;
      }
      if (!data.subarray(0, 11).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
      at = 19 + data.readInt32BE(15);
      this.headerSeen = true;
    }
    for (;;) {
      const end = this.rowEnd(data, at);
      if (end < 0) break;
      if (end === 0) {
        this.ended = true;
        at += 2;
        break;
      }
      if (!onLink(this.check(data))) return false;
      at = end;
    }
    this.rest = at < data.length ? Buffer.from(data.subarray(at)) : null;
    return true;
  }

  /** Bytes left over, or a stream that stopped before its trailer: a complete COPY leaves neither. */
  get complete(): boolean {
    return this.ended && this.rest === null;
  }

  /** Starts the next COPY statement's stream (each has its own header and trailer). */
  nextStream(): void {
    this.headerSeen = false;
    this.ended = false;
  }

  /** Finds the fields of the row at `at`: its end, 0 at the trailer, or -1 when the row is not all there yet. */
  private rowEnd(data: Buffer, at: number): number {
    if (at + 2 > data.length) return -1;
    const count = data.readInt16BE(at);
    if (count === -1) return 0;
    if (count !== FIELDS) throw new Error(`unexpected COPY row with ${count} fields`);
    let p = at + 2;
    for (let f = 0; f < FIELDS; f++) {
      if (p + 4 > data.length) return -1;
      const length = data.readInt32BE(p);
      p += 4;
      this.starts[f] = p;
      this.lengths[f] = length;
      if (length > 0) p += length;
      if (p > data.length) return -1;
    }
    return p;
  }

  private int8(data: Buffer, field: number): number {
    const p = this.starts[field]!;
    return data.readInt32BE(p) * 4_294_967_296 + data.readUInt32BE(p + 4);
  }

  private check(data: Buffer): Link {
    const link = this.link;
    const { starts, lengths } = this;
    link.id = this.int8(data, ID);
    link.seq = lengths[SEQ] === 8 ? this.int8(data, SEQ) : 0;
    link.chainVersion = lengths[VERSION] === 2 ? data.readInt16BE(starts[VERSION]!) : null;
    const hashStart = starts[HASH]!;
    if (link.chainVersion !== CHAIN_VERSION || lengths[HASH] !== 64) {
      link.matches = false;
      return link;
    }

    this.at = 0;
    this.room(4096);
    const out = this.scratch;
    this.previous.copy(out, 0, 0, 32);
    let at = 32;
    out[at++] = 0x5b; // [
    out[at++] = 0x30 + CHAIN_VERSION;
    out[at++] = COMMA;
    at = this.decimal(link.seq, at);
    out[at++] = COMMA;
    at = this.decimal(link.id, at);
    out[at++] = COMMA;
    this.at = this.time(data, starts[TIME]!, at);
    for (let f = 3; f <= 14; f++) {
      this.scratch[this.at++] = COMMA;
      if (lengths[f]! < 0) this.nullLiteral();
      else if (UUID_FIELDS.has(f)) this.uuid(data, starts[f]!);
      else this.string(data, starts[f]!, starts[f]! + lengths[f]!);
    }
    this.scratch[this.at++] = COMMA;
    this.details(data, starts[DETAILS]!, lengths[DETAILS]!);
    this.scratch[this.at++] = 0x5d; // ]
    const view = (this.views[this.at] ??= this.scratch.subarray(0, this.at));
    const digest = hash("sha256", view, "buffer");
    let matches = true;
    for (let i = 0; i < 32 && matches; i++) {
      const byte = digest[i]!;
      matches = data[hashStart + 2 * i] === HEX[byte >> 4] && data[hashStart + 2 * i + 1] === HEX[byte & 15];
    }
    if (matches) this.previous = digest;
    link.matches = matches;
    return link;
  }

  /** Makes sure `bytes` more fit after the current position. */
  private room(bytes: number) {
    if (this.at + bytes > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.at + bytes));
      this.scratch.copy(bigger, 0, 0, this.at);
      this.scratch = bigger;
      this.views = [];
    }
  }

  /** A non-negative integer in ASCII digits. */
  private decimal(n: number, at: number): number {
    const out = this.scratch;
    if (n === 0) {
      out[at] = 0x30;
      return at + 1;
    }
    let digits = 0;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) digits++;
    for (let i = at + digits - 1, v = n; i >= at; i--, v = Math.floor(v / 10)) out[i] = 0x30 + (v % 10);
    return at + digits;
  }

  /** A timestamptz (microseconds since 2000-01-01 UTC) as "2026-11-28T01:02:03.456700Z", quoted. */
  private time(data: Buffer, from: number, at: number): number {
    const micros = data.readInt32BE(from) * 4_294_967_296 + data.readUInt32BE(from + 4);
    const day = Math.floor(micros / MICROS_PER_DAY);
    if (day !== this.dayCache) {
      this.dayCache = day;
      this.dayText.write(civilDate(day + PG_EPOCH_DAYS), 0, "latin1");
    }
    let rest = micros - day * MICROS_PER_DAY;
    const out = this.scratch;
    out[at++] = QUOTE;
    this.dayText.copy(out, at);
    at += 10;
    out[at++] = 0x54; // T
    const hours = Math.floor(rest / 3_600_000_000);
    rest -= hours * 3_600_000_000;
    const minutes = Math.floor(rest / 60_000_000);
    rest -= minutes * 60_000_000;
    const seconds = Math.floor(rest / 1_000_000);
    const fraction = rest - seconds * 1_000_000;
    out[at++] = 0x30 + Math.floor(hours / 10);
    out[at++] = 0x30 + (hours % 10);
    out[at++] = 0x3a;
    out[at++] = 0x30 + Math.floor(minutes / 10);
    out[at++] = 0x30 + (minutes % 10);
    out[at++] = 0x3a;
    out[at++] = 0x30 + Math.floor(seconds / 10);
    out[at++] = 0x30 + (seconds % 10);
    out[at++] = 0x2e; // .
    for (let i = 5, v = fraction; i >= 0; i--, v = Math.floor(v / 10)) out[at + i] = 0x30 + (v % 10);
    at += 6;
    out[at++] = 0x5a; // Z
    out[at++] = QUOTE;
    return at;
  }

  private nullLiteral() {
    const out = this.scratch;
    out[this.at++] = 0x6e;
    out[this.at++] = 0x75;
    out[this.at++] = 0x6c;
    out[this.at++] = 0x6c;
  }

  /** 16 bytes as a quoted "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
  private uuid(data: Buffer, from: number) {
    const out = this.scratch;
    let at = this.at;
    out[at++] = QUOTE;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out[at++] = 0x2d;
      const byte = data[from + i]!;
      out[at++] = HEX[byte >> 4]!;
      out[at++] = HEX[byte & 15]!;
    }
    out[at++] = QUOTE;
    this.at = at;
  }

  /**
   * A text field as a JSON string: UTF-8 as it is, with JSON's escapes for quotes, backslashes and
   * controls. One pass of byte copies: fields are short, and a native `Buffer.copy` per field cost more
   * in call overhead than it saved (a profile of 10 M events).
   */
  private string(data: Buffer, from: number, to: number) {
    this.room((to - from) * 6 + 8);
    const out = this.scratch;
    let at = this.at;
    out[at++] = QUOTE;
    for (let i = from; i < to; i++) {
      const byte = data[i]!;
      if (byte >= 0x20 && byte !== QUOTE && byte !== BACKSLASH) {
        out[at++] = byte;
      } else {
        const escape = jsonEscapes[byte] ?? `\\u00${String.fromCharCode(HEX[byte >> 4]!, HEX[byte & 15]!)}`;
        for (let k = 0; k < escape.length; k++) out[at++] = escape.charCodeAt(k);
      }
    }
    out[at++] = QUOTE;
    this.at = at;
  }

  /** jsonb in binary COPY: a version byte (1), then the text jsonb prints. */
  private details(data: Buffer, from: number, length: number) {
    if (length === 3 && data[from + 1] === 0x7b && data[from + 2] === 0x7d) {
      this.scratch[this.at++] = 0x7b;
      this.scratch[this.at++] = 0x7d;
      return;
    }
    if (length < 1 || data[from] !== 1) throw new Error("unexpected jsonb encoding in COPY");
    if (this.flatDetails(data, from + 1, from + length)) return;
    // jsonb prints its own key order and spacing: parse it, and encode it canonically.
    const encoded = Buffer.from(canonicalJson(JSON.parse(data.toString("utf8", from + 1, from + length))), "utf8");
    this.room(encoded.length);
    this.at += encoded.copy(this.scratch, this.at);
  }

  /**
   * The common details — one level of plain ASCII keys with string, integer, true, false or null values —
   * re-encoded from jsonb's text without parsing it: keys sorted, the spaces after ":" and "," dropped.
   * jsonb escapes strings exactly as JSON.stringify does, so their bytes are copied as they are. Anything
   * else (nesting, decimals, keys needing escapes) returns false for the general encoder.
   */
  private flatDetails(data: Buffer, from: number, to: number): boolean {
    const members: { key: string; keyStart: number; start: number; end: number }[] = [];
    let p = from;
    if (data[p++] !== 0x7b) return false;
    for (;;) {
      if (data[p++] !== QUOTE) return false;
      const keyStart = p;
      while (p < to && data[p] !== QUOTE) {
        const c = data[p]!;
        if (c === BACKSLASH || c < 0x20 || c > 0x7e) return false;
        p++;
      }
      const key = data.toString("latin1", keyStart, p);
      p++;
      if (data[p++] !== 0x3a || data[p++] !== 0x20) return false;
      const start = p;
      const first = data[p];
      if (first === QUOTE) {
        for (p++; p < to && data[p] !== QUOTE; p++) if (data[p] === BACKSLASH) p++;
        if (p >= to) return false;
        p++;
      } else if (first === 0x2d || (first! >= 0x30 && first! <= 0x39)) {
        for (p++; p < to && data[p]! >= 0x30 && data[p]! <= 0x39; p++);
        // Beyond 15 digits JavaScript's numbers (which chained the event) may round: the general encoder decides.
        if (p - start > 15) return false;
      } else if (!this.literal(data, p, "true") && !this.literal(data, p, "false") && !this.literal(data, p, "null")) {
        return false;
      } else {
        p += first === 0x66 ? 5 : 4;
      }
      members.push({ key, keyStart, start, end: p });
      if (data[p] === 0x7d && p + 1 === to) break;
      if (data[p++] !== COMMA || data[p++] !== 0x20) return false;
    }
    members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.room(to - from + 8);
    const out = this.scratch;
    out[this.at++] = 0x7b;
    let at = this.at;
    members.forEach((m, i) => {
      if (i > 0) out[at++] = COMMA;
      out[at++] = QUOTE;
      for (let k = m.keyStart, end = m.keyStart + m.key.length; k < end; k++) out[at++] = data[k]!;
      out[at++] = QUOTE;
      out[at++] = 0x3a;
      for (let k = m.start; k < m.end; k++) out[at++] = data[k]!;
    });
    this.at = at;
    out[this.at++] = 0x7d;
    return true;
  }

  private literal(data: Buffer, at: number, word: string): boolean {
    for (let i = 0; i < word.length; i++) if (data[at + i] !== word.charCodeAt(i)) return false;
    return true;
  }
}

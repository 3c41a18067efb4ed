import { hash } from "node:crypto";
import { canonicalJson, CHAIN_VERSION } from "./canonical";

/**
 * Verification's fast lane on PostgreSQL: checks chain links straight from the bytes of `COPY … TO STDOUT`
 * (the columns of chain-rows.ts `copyColumns`, in that order) without making a string or an object per
 * event. For each line it writes the canonical encoding v1 (canonical.ts) into one reused buffer after the
 * previous hash, hashes it, and compares with the stored hash. The bytes are exactly those encodeEvent
 * produces — a property test holds the two together — and the only slow case, details other than `{}`,
 * goes through the same key-sorting encoder.
 */

export interface Link {
  seq: number;
  id: number;
  chainVersion: number | null;
  /** The stored hash (lowercase hex) and whether it equals SHA-256(previous ‖ encoding). */
  hash: string | null;
  matches: boolean;
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const HEX = "0123456789abcdef";
const HEX_BYTES = Buffer.from(HEX, "latin1");
const COMMA = 0x2c;
const copyEscapes: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };
const jsonEscapes: Record<number, string> = { 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x22: '\\"', 0x5c: "\\\\" };
const FIELDS = 18;

/** A decimal number written in ASCII digits (ids and sequence numbers stay far below 2^53). */
function digits(data: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (data[i]! - 0x30);
  return n;
}

/** Short copies: a loop beats the native call for a few dozen bytes. */
function copyBytes(from: Buffer, start: number, end: number, to: Buffer, at: number): number {
  for (let i = start; i < end; i++) to[at++] = from[i]!;
  return at;
}

export class CopyLinkChecker {
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private at = 0;
  private rest: Buffer | null = null;
  private readonly starts = new Int32Array(FIELDS + 1);

  /** `previous`: the hash before the first line to come (32 bytes). */
  constructor(private previous: Buffer) {}

  /** Checks every complete line of the chunk, in order; `onLink` returns false to stop. */
  push(chunk: Buffer, onLink: (link: Link) => boolean): boolean {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(NEWLINE, start); end !== -1; end = data.indexOf(NEWLINE, start)) {
      if (!onLink(this.check(data, start, end))) return false;
      start = end + 1;
    }
    this.rest = start < data.length ? Buffer.from(data.subarray(start)) : null;
    return true;
  }

  /** Bytes left after the last newline (a COPY stream ends with one, so none when it is complete). */
  get pendingBytes(): number {
    return this.rest?.length ?? 0;
  }

  private check(data: Buffer, lineStart: number, lineEnd: number): Link {
    const starts = this.starts;
    let field = 0;
    starts[0] = lineStart;
    for (let i = lineStart; i < lineEnd && field < FIELDS; i++) if (data[i] === TAB) starts[++field] = i + 1;
    if (field !== FIELDS - 1) throw new Error(`unexpected COPY row with ${field + 1} fields`);
    starts[FIELDS] = lineEnd + 1;

    const id = digits(data, starts[0]!, starts[1]! - 1);
    const seq = digits(data, starts[1]!, starts[2]! - 1);
    const versionStart = starts[17]!;
    const chainVersion = data[versionStart] === BACKSLASH ? null : digits(data, versionStart, lineEnd);
    const hashStart = starts[16]!;
    const hashLength = starts[17]! - 1 - hashStart;
    if (chainVersion !== CHAIN_VERSION || hashLength !== 64) {
      return { seq, id, chainVersion, hash: hashLength === 64 ? data.toString("latin1", hashStart, hashStart + 64) : null, matches: false };
    }

    this.room(4096);
    const out = this.scratch;
    this.previous.copy(out, 0, 0, 32);
    let at = 32;
    out[at++] = 0x5b; // [
    out[at++] = 0x30 + CHAIN_VERSION;
    out[at++] = COMMA;
    at = copyBytes(data, starts[1]!, starts[2]! - 1, out, at); // seq
    out[at++] = COMMA;
    at = copyBytes(data, starts[0]!, starts[1]! - 1, out, at); // id
    out[at++] = COMMA;
    this.at = at;
    this.time(data, starts[2]!, starts[3]! - 1);
    for (let f = 3; f <= 14; f++) {
      this.scratch[this.at++] = COMMA;
      this.string(data, starts[f]!, starts[f + 1]! - 1);
    }
    this.scratch[this.at++] = COMMA;
    this.details(data, starts[15]!, starts[16]! - 1);
    this.scratch[this.at++] = 0x5d; // ]
    const digest = hash("sha256", this.scratch.subarray(0, this.at), "buffer");
    let matches = true;
    for (let i = 0; i < 32 && matches; i++) {
      const byte = digest[i]!;
      matches = data[hashStart + 2 * i] === HEX_BYTES[byte >> 4] && data[hashStart + 2 * i + 1] === HEX_BYTES[byte & 15];
    }
    if (matches) this.previous = digest;
    return { seq, id, chainVersion, hash: data.toString("latin1", hashStart, hashStart + 64), matches };
  }

  /** Makes sure `bytes` more fit after the current position. */
  private room(bytes: number) {
    if (this.at + bytes > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.at + bytes));
      this.scratch.copy(bigger, 0, 0, this.at);
      this.scratch = bigger;
    }
  }

  /** "2026-11-28 01:02:03.4567+00" (UTC, ISO style) → "2026-11-28T01:02:03.456700Z", quoted. */
  private time(data: Buffer, from: number, to: number) {
    const length = to - from;
    if (length < 22 || data[from + 10] !== 0x20 || data[to - 3] !== 0x2b || data[to - 2] !== 0x30 || data[to - 1] !== 0x30) {
      throw new Error(`unexpected time from COPY: ${data.toString("utf8", from, to)}`);
    }
    const out = this.scratch;
    let at = this.at;
    out[at++] = QUOTE;
    at = copyBytes(data, from, from + 10, out, at);
    out[at++] = 0x54; // T
    at = copyBytes(data, from + 11, from + 19, out, at);
    out[at++] = 0x2e; // .
    const fraction = length === 22 ? 0 : to - 3 - (from + 20);
    at = copyBytes(data, from + 20, from + 20 + fraction, out, at);
    for (let i = fraction; i < 6; i++) out[at++] = 0x30;
    out[at++] = 0x5a; // Z
    out[at++] = QUOTE;
    this.at = at;
  }

  /** A text field: null, or a JSON string with COPY's escapes undone and JSON's applied. */
  private string(data: Buffer, from: number, to: number) {
    this.room((to - from) * 6 + 8);
    const out = this.scratch;
    let at = this.at;
    if (to - from === 2 && data[from] === BACKSLASH && data[from + 1] === 0x4e) {
      out[at++] = 0x6e; // null
      out[at++] = 0x75;
      out[at++] = 0x6c;
      out[at++] = 0x6c;
      this.at = at;
      return;
    }
    out[at++] = QUOTE;
    for (let i = from; i < to; i++) {
      let byte = data[i]!;
      if (byte === BACKSLASH) byte = copyEscapes[data[++i]!] ?? data[i]!;
      if (byte >= 0x20 && byte !== QUOTE && byte !== BACKSLASH) {
        out[at++] = byte;
      } else {
        const escape = jsonEscapes[byte] ?? `\\u00${HEX[byte >> 4]}${HEX[byte & 15]}`;
        for (let k = 0; k < escape.length; k++) out[at++] = escape.charCodeAt(k);
      }
    }
    out[at++] = QUOTE;
    this.at = at;
  }

  private details(data: Buffer, from: number, to: number) {
    if (to - from === 2 && data[from] === 0x7b && data[from + 1] === 0x7d) {
      this.scratch[this.at++] = 0x7b;
      this.scratch[this.at++] = 0x7d;
      return;
    }
    // jsonb prints its own key order and spacing: parse it, and encode it canonically.
    const unescaped = data.toString("utf8", from, to).replace(/\\(.)/g, (_, c: string) => String.fromCharCode(copyEscapes[c.charCodeAt(0)] ?? c.charCodeAt(0)));
    const encoded = Buffer.from(canonicalJson(JSON.parse(unescaped)), "utf8");
    this.room(encoded.length);
    this.at += encoded.copy(this.scratch, this.at);
  }
}

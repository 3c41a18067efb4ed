import { hash } from "node:crypto";
import { CHAIN_VERSION } from "./canonical";
import { canonicalDetails, writeFlatDetails } from "./details-text";

/**
 * Verification's fast lane on PostgreSQL: checks chain links straight from the bytes of
 * `COPY … TO STDOUT (FORMAT binary)` (the columns of chain-rows.ts `copyColumns`, in that order), without
 * making a string or an object per event. For each row it writes the canonical encoding v1 (canonical.ts)
 * into one reused buffer after the previous hash, hashes it, and compares with the stored hash. Binary
 * COPY costs the server about a third of the text format's time; the numbers, uuids and times it sends as
 * binary are formatted here. The bytes are exactly those encodeEvent produces — a property test holds the
 * two together; details other than `{}` are re-encoded by details-text.ts.
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
const NULL_WORD = 0x6e756c6c; // "null"
/** Each byte's two lowercase hex digits as one big-endian 16-bit word. */
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => (HEX[b >> 4]! << 8) | HEX[b & 15]!);
/** 00–99 as two ASCII digits in one big-endian 16-bit word. */
const DECIMAL_PAIRS = Uint16Array.from({ length: 100 }, (_, n) => ((0x30 + Math.floor(n / 10)) << 8) | (0x30 + (n % 10)));

/**
 * Whether any of a word's four bytes needs a JSON escape: below 0x20, a quote or a backslash. The classic
 * tests (Hacker's Delight; "Bit Twiddling Hacks": hasless, haszero) never miss such a byte; bytes of
 * UTF-8 sequences (0x80 and above) pass.
 */
function needsEscape(word: number): boolean {
  const quote = word ^ 0x22222222;
  const backslash = word ^ 0x5c5c5c5c;
  return ((((word - 0x20202020) & ~word) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) !== 0;
}

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
  private out = new DataView(this.scratch.buffer, this.scratch.byteOffset, this.scratch.length);
  /** The chunk being read, as a DataView: multi-byte reads without a call per byte. */
  private src: DataView = new DataView(new ArrayBuffer(0));
  private srcData: Buffer | null = null;
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

  /**
   * The hash of the last link that matched, as a latin1 string of its 32 bytes: SHA-256's result in that
   * form costs less than a new Buffer per event (0.9 against 1.7 µs a hash and its use, measured here).
   */
  private previous: string;

  /** `previous`: the hash before the first row to come (32 bytes). */
  constructor(previous: Buffer) {
    this.previous = previous.toString("latin1");
    // The encoding is hashed after the previous hash: it stays at the start of the scratch buffer.
    previous.copy(this.scratch, 0, 0, 32);
  }

  /** The hash of the last link that matched (or the starting hash), as lowercase hex. */
  get headHash(): string {
    return Buffer.from(this.previous, "latin1").toString("hex");
  }

  /**
   * Checks every complete row in `chunk[from, to)` (the whole chunk by default), in order; `onLink` returns
   * false to stop. The link object is reused from row to row: read it inside the callback.
   */
  push(chunk: Buffer, onLink: (link: Readonly<Link>) => boolean, from = 0, to = chunk.length): boolean {
    let data = chunk;
    let at = from;
    let size = to;
    if (this.rest) {
      data = Buffer.concat([this.rest, chunk.subarray(from, to)]);
      at = 0;
      size = data.length;
    }
    if (data !== this.srcData) {
      this.srcData = data;
      this.src = new DataView(data.buffer, data.byteOffset, data.length);
    }
    if (!this.headerSeen) {
      if (size - at < 19) {
        this.rest = Buffer.from(data.subarray(at, size));
        return true;
      }
      if (!data.subarray(at, at + 11).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
      at += 19 + data.readInt32BE(at + 15);
      this.headerSeen = true;
    }
    for (;;) {
      const end = this.rowEnd(size, at);
      if (end < 0) break;
      if (end === 0) {
        this.ended = true;
        at += 2;
        break;
      }
      if (!onLink(this.check(data, end - at))) return false;
      at = end;
    }
    this.rest = at < size ? Buffer.from(data.subarray(at, size)) : null;
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
  private rowEnd(size: number, at: number): number {
    const src = this.src;
    if (at + 2 > size) return -1;
    const count = src.getInt16(at);
    if (count === -1) return 0;
    if (count !== FIELDS) throw new Error(`unexpected COPY row with ${count} fields`);
    const { starts, lengths } = this;
    let p = at + 2;
    for (let f = 0; f < FIELDS; f++) {
      if (p + 4 > size) return -1;
      const length = src.getInt32(p);
      p += 4;
      starts[f] = p;
      lengths[f] = length;
      if (length > 0) p += length;
      if (p > size) return -1;
    }
    return p;
  }

  private int8(field: number): number {
    const p = this.starts[field]!;
    return this.src.getInt32(p) * 4_294_967_296 + this.src.getUint32(p + 4);
  }

  /**
   * The row's encoding after the previous hash, its SHA-256, and the comparison with the stored hash. The
   * fields are written in the encoding's fixed order, each by the writer for its column's type.
   */
  private check(data: Buffer, rowBytes: number): Link {
    const link = this.link;
    const { starts, lengths, src } = this;
    link.id = this.int8(ID);
    link.seq = lengths[SEQ] === 8 ? this.int8(SEQ) : 0;
    link.chainVersion = lengths[VERSION] === 2 ? src.getInt16(starts[VERSION]!) : null;
    const hashStart = starts[HASH]!;
    if (link.chainVersion !== CHAIN_VERSION || lengths[HASH] !== 64) {
      link.matches = false;
      return link;
    }

    // Room for the worst case at once: every byte of the row escaped as \u00XX, plus the fixed parts.
    this.at = 32;
    this.room(rowBytes * 6 + 256);
    const out = this.scratch;
    let at = 32;
    out[at++] = 0x5b; // [
    out[at++] = 0x30 + CHAIN_VERSION;
    out[at++] = COMMA;
    at = this.decimal(link.seq, at);
    out[at++] = COMMA;
    at = this.decimal(link.id, at);
    out[at++] = COMMA;
    at = this.time(starts[TIME]!, at);
    at = this.uuidField(3, at);
    at = this.uuidField(4, at);
    at = this.stringField(data, 5, at);
    at = this.stringField(data, 6, at);
    at = this.stringField(data, 7, at);
    at = this.stringField(data, 8, at);
    at = this.uuidField(9, at);
    at = this.stringField(data, 10, at);
    at = this.stringField(data, 11, at);
    at = this.stringField(data, 12, at);
    at = this.stringField(data, 13, at);
    at = this.stringField(data, 14, at);
    out[at++] = COMMA;
    this.at = at;
    this.details(data, starts[DETAILS]!, lengths[DETAILS]!);
    this.scratch[this.at++] = 0x5d; // ]
    const view = (this.views[this.at] ??= this.scratch.subarray(0, this.at));
    const digest = hash("sha256", view, "binary");
    let matches = true;
    for (let i = 0; i < 32 && matches; i++) matches = src.getUint16(hashStart + 2 * i) === HEX_PAIRS[digest.charCodeAt(i)];
    if (matches) {
      this.previous = digest;
      // 32 byte copies cost less than a native copy's call.
      for (let i = 0; i < 32; i++) this.scratch[i] = digest.charCodeAt(i);
    }
    link.matches = matches;
    return link;
  }

  /** Makes sure `bytes` more fit after the current position. */
  private room(bytes: number) {
    if (this.at + bytes > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.at + bytes));
      this.scratch.copy(bigger, 0, 0, this.at);
      this.scratch = bigger;
      this.out = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
      this.views = [];
    }
  }

  /** A non-negative integer in ASCII digits (up to 2^53; int32 arithmetic below 2^31, the usual case). */
  private decimal(n: number, at: number): number {
    const out = this.scratch;
    if (n > 0x7fffffff) {
      let digits = 1;
      for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
      for (let i = at + digits - 1, v = n; i >= at; i--, v = Math.floor(v / 10)) out[i] = 0x30 + (v % 10);
      return at + digits;
    }
    let digits = 1;
    for (let v = n; v >= 10; v = (v / 10) | 0) digits++;
    for (let i = at + digits - 1, v = n | 0; i >= at; i--) {
      const next = (v / 10) | 0;
      out[i] = 0x30 + v - next * 10;
      v = next;
    }
    return at + digits;
  }

  /** A timestamptz (microseconds since 2000-01-01 UTC) as "2026-11-28T01:02:03.456700Z", quoted. */
  private time(from: number, at: number): number {
    const micros = this.src.getInt32(from) * 4_294_967_296 + this.src.getUint32(from + 4);
    const day = Math.floor(micros / MICROS_PER_DAY);
    if (day !== this.dayCache) {
      this.dayCache = day;
      this.dayText.write(civilDate(day + PG_EPOCH_DAYS), 0, "latin1");
    }
    // Within a day the microseconds fit an int32 only as milliseconds: split there.
    const ms = Math.floor((micros - day * MICROS_PER_DAY) / 1000);
    const micro = micros - day * MICROS_PER_DAY - ms * 1000;
    const out = this.scratch;
    const pairs = this.out;
    out[at++] = QUOTE;
    const dayText = this.dayText;
    for (let i = 0; i < 10; i++) out[at++] = dayText[i]!;
    out[at++] = 0x54; // T
    const hours = (ms / 3_600_000) | 0;
    const minutes = ((ms - hours * 3_600_000) / 60_000) | 0;
    const seconds = ((ms - hours * 3_600_000 - minutes * 60_000) / 1000) | 0;
    const millis = ms - hours * 3_600_000 - minutes * 60_000 - seconds * 1000;
    pairs.setUint16(at, DECIMAL_PAIRS[hours]!);
    out[at + 2] = 0x3a; // :
    pairs.setUint16(at + 3, DECIMAL_PAIRS[minutes]!);
    out[at + 5] = 0x3a;
    pairs.setUint16(at + 6, DECIMAL_PAIRS[seconds]!);
    out[at + 8] = 0x2e; // .
    const fraction = millis * 1000 + micro;
    pairs.setUint16(at + 9, DECIMAL_PAIRS[(fraction / 10_000) | 0]!);
    pairs.setUint16(at + 11, DECIMAL_PAIRS[((fraction / 100) | 0) % 100]!);
    pairs.setUint16(at + 13, DECIMAL_PAIRS[fraction % 100]!);
    out[at + 15] = 0x5a; // Z
    out[at + 16] = QUOTE;
    return at + 17;
  }

  /** ",null" or "," and a uuid column's 16 bytes as a quoted "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
  private uuidField(field: number, at: number): number {
    const out = this.scratch;
    out[at++] = COMMA;
    if (this.lengths[field]! < 0) return this.nullLiteral(at);
    const from = this.starts[field]!;
    const src = this.src;
    const pairs = this.out;
    out[at++] = QUOTE;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out[at++] = 0x2d; // -
      pairs.setUint16(at, HEX_PAIRS[src.getUint8(from + i)]!);
      at += 2;
    }
    out[at++] = QUOTE;
    return at;
  }

  private nullLiteral(at: number): number {
    this.out.setUint32(at, NULL_WORD);
    return at + 4;
  }

  /**
   * ",null" or "," and a text column as a JSON string: UTF-8 as it is, with JSON's escapes for quotes,
   * backslashes and controls. Four bytes at a time while none of them needs an escape (a word test, below);
   * a word that holds one goes byte by byte. A native `Buffer.copy` per field cost more in call overhead
   * than it saved: the fields are short.
   */
  private stringField(data: Buffer, field: number, at: number): number {
    const out = this.scratch;
    out[at++] = COMMA;
    const length = this.lengths[field]!;
    if (length < 0) return this.nullLiteral(at);
    const src = this.src;
    const words = this.out;
    const to = this.starts[field]! + length;
    out[at++] = QUOTE;
    let i = this.starts[field]!;
    while (i < to) {
      if (i + 4 <= to) {
        const word = src.getInt32(i);
        if (!needsEscape(word)) {
          words.setInt32(at, word);
          i += 4;
          at += 4;
          continue;
        }
      }
      const byte = data[i++]!;
      if (byte >= 0x20 && byte !== QUOTE && byte !== BACKSLASH) {
        out[at++] = byte;
      } else {
        const escape = jsonEscapes[byte] ?? `\\u00${String.fromCharCode(HEX[byte >> 4]!, HEX[byte & 15]!)}`;
        for (let k = 0; k < escape.length; k++) out[at++] = escape.charCodeAt(k);
      }
    }
    out[at++] = QUOTE;
    return at;
  }

  /** The details as jsonb prints them (`details::text` in copyColumns: the server sends text cheaper than binary jsonb). */
  private details(data: Buffer, from: number, length: number) {
    if (length === 2 && data[from] === 0x7b && data[from + 1] === 0x7d) {
      this.scratch[this.at++] = 0x7b;
      this.scratch[this.at++] = 0x7d;
      return;
    }
    if (length < 2) throw new Error("unexpected details in COPY");
    this.room(length + 8);
    const at = writeFlatDetails(data, from, from + length, this.scratch, this.at);
    if (at >= 0) {
      this.at = at;
      return;
    }
    const encoded = canonicalDetails(data, from, from + length);
    this.room(encoded.length);
    this.at += encoded.copy(this.scratch, this.at);
  }
}

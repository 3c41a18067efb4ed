// RFC 4180 CSV, made safe to open in a spreadsheet.

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), plus their
 * full-width forms, which Japanese spreadsheet software may also accept.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** One cell: neutralised with a leading apostrophe when it could start a formula, quoted when it must be. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  // A number's own text ("-5.5") is no formula: a change below zero must stay a number in the sheet.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * What every CSV the portal serves starts with: the UTF-8 byte-order mark, without which Excel (Japanese
 * Windows above all) reads the file as Shift-JIS and garbles every Japanese name and note.
 */
export const CSV_BOM = "\uFEFF";

/** One record, ended by CRLF. */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

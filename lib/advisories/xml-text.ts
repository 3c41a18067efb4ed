// XML 1.0 admits no control characters but tab, line feed and carriage return, no U+FFFE/U+FFFF, and no
// lone surrogate. Advisory text may hold any of them (a form feed pasted from a PDF, an escape sequence):
// one of them made a CAP export, and a company's whole Atom feed, unreadable to every XML parser.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as XML 1.0 may carry it: characters it does not admit are left out, a lone surrogate becomes U+FFFD. */
export function xmlText(text: string): string {
  return text.toWellFormed().replace(NOT_IN_XML, "");
}

/** The first `max` characters (code points, so that no surrogate pair is cut in two). */
export function firstCharacters(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join("");
}

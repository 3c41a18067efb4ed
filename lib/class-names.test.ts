import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Tailwind generates a class only where the class stands whole in the source text. A class glued to an
// interpolation (`overflow-x-auto${extra}`, `bg-${colour}-50`) is not seen: ScrollRegion's overflow-x-auto
// was generated only while another file happened to use it too, and every table stopped scrolling once
// none did. Classes are written whole and joined with spaces.
const root = path.resolve(import.meta.dirname, "..");
const sources = ["app", "components"]
  .flatMap((dir) => (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).map((file) => path.join(dir, file)))
  .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));

/** What sets classes in `text`: each `className={…}` (braces matched) and each `…Looks = …;` constant. */
function classExpressions(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/className=\{/g)) {
    let depth = 0;
    let end = match.index + "className=".length;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && --depth === 0) break;
    }
    found.push(text.slice(match.index, end + 1));
  }
  for (const match of text.matchAll(/\w+Looks\s*=[^;]*;/g)) found.push(match[0]);
  return found;
}

/** The class expressions in `text` where a word touches `${` or follows its `}`. */
function gluedClasses(text: string): string[] {
  return classExpressions(text).filter((expression) => /[A-Za-z0-9\])-]\$\{|\$\{[^}]*\}[A-Za-z0-9[-]/.test(expression));
}

describe("class names in the source", () => {
  it("finds a class glued to an interpolation, before or after", () => {
    expect(gluedClasses("      className={`relative max-w-full overflow-x-auto${className ? ` ${className}` : \"\"}`}")).toHaveLength(1);
    expect(gluedClasses("  <p className={`bg-${colour}-50`}>")).toHaveLength(1);
    expect(gluedClasses("  <p className={`mt-1 ${extra}`} id={`item-${index}`}>")).toHaveLength(0);
  });

  it.each(sources)("%s: every class stands whole", (file) => {
    expect(gluedClasses(fs.readFileSync(path.join(root, file), "utf8"))).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { optionsHtml } from "./html";

describe("optionsHtml", () => {
  it("writes one option per entry, in order, with value and label escaped", () => {
    const html = optionsHtml([
      { value: "", label: "Choose…" },
      { value: `a"b'c`, label: "<script>alert(1)</script> & co" },
    ]);
    expect(html).toBe(
      `<option value="">Choose…</option><option value="a&quot;b&#39;c">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</option>`,
    );
  });

  it("marks the option of the selected value, and only that one", () => {
    const options = [
      { value: "", label: "Choose…" },
      { value: "CN", label: "China" },
      { value: "CNX", label: "Not a country" },
    ];
    expect(optionsHtml(options, "CN")).toBe(`<option value="">Choose…</option><option value="CN" selected>China</option><option value="CNX">Not a country</option>`);
    expect(optionsHtml(options)).not.toContain("selected");
    expect(optionsHtml(options, "XX")).not.toContain("selected");
  });

  it("parses back into the same values and labels", () => {
    const options = [
      { value: "CN", label: "中華人民共和国" },
      { value: "CI", label: "Côte d'Ivoire" },
      { value: "x&y", label: "A < B > C \"quoted\"" },
    ];
    const parsed = [...optionsHtml(options).matchAll(/<option value="([^"]*)">([^<]*)<\/option>/g)].map(([, value, label]) => ({
      value: value!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
      label: label!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
    }));
    expect(parsed).toEqual(options);
  });
});

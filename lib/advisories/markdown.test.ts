import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownBody } from "./markdown";

const render = (markdown: string) => renderToStaticMarkup(createElement(MarkdownBody, { markdown }));

describe("advisory Markdown", () => {
  it("renders ordinary Markdown: headings, lists, emphasis, safe links", () => {
    const html = render("## What to do\n\n- Check **stock**\n- Read [the notice](https://example.org/notice) or [mail us](mailto:desk@example.org)");
    expect(html).toContain("<h2>What to do</h2>");
    expect(html).toContain("<strong>stock</strong>");
    expect(html).toContain('href="https://example.org/notice"');
    expect(html).toContain('href="mailto:desk@example.org"');
  });

  it("neutralises script tags and inline HTML with event handlers", () => {
    const html = render('Before <script>alert("x")</script> after\n\n<img src="x" onerror="alert(1)">\n\n<div onclick="alert(2)">click</div>\n\n<iframe src="https://evil.example"></iframe>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // The tags are gone; what was between them is left as inert, escaped text.
    expect(html).toContain("<p>Before alert(&quot;x&quot;) after</p>");
    expect(html).not.toContain("click</div>");
  });

  it("neutralises javascript:, vbscript: and data: links and images, however they are spelt", () => {
    const html = render(
      [
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:alert(2))",
        "[c]( javascript:alert(3))",
        "[d](vbscript:msgbox(4))",
        "[e](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)",
        "![f](javascript:alert(6))",
        "<javascript:alert(7)>",
        '<a href="javascript:alert(8)">g</a>',
        "[h]: javascript:alert(9)\n\n[ref][h]",
      ].join("\n\n"),
    );
    // Every link and image lost its address; the autolink's text stays, as inert text.
    expect(html).not.toMatch(/\s(href|src)=/i);
    expect(html).toContain("<a>a</a>");
    expect(html).toContain("<span>f</span>");
  });

  it("shows an image as a link to it, never fetched by opening the advisory (it would be a read in the reader's name)", () => {
    const html = render("![Stock chart](/api/v1/disclosures/00000000-0000-4000-b000-000000000101)\n\n![](/api/v1/advisories/00000000-0000-4000-a000-000000000c01)\n\n![Map](https://example.org/map.png)");
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<a href="/api/v1/disclosures/00000000-0000-4000-b000-000000000101">Stock chart</a>');
    expect(html).toContain('<a href="/api/v1/advisories/00000000-0000-4000-a000-000000000c01">/api/v1/advisories/00000000-0000-4000-a000-000000000c01</a>');
    expect(html).toContain('<a href="https://example.org/map.png">Map</a>');
  });
});

import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./encode";

describe("csvCell", () => {
  it("leaves plain text, numbers and empty values as they are", () => {
    expect(csvCell("auth.sign_in")).toBe("auth.sign_in");
    expect(csvCell(42)).toBe("42");
    expect(csvCell("")).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("星野マグネティクス")).toBe("星野マグネティクス");
  });

  it("keeps a negative number a number (only text can smuggle in a formula)", () => {
    expect(csvCell(-5.5)).toBe("-5.5");
    expect(csvCell("-5.5")).toBe("'-5.5");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it.each([
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ["crlf\r\nend", '"crlf\r\nend"'],
    ['{"a":1,"b":"x"}', '"{""a"":1,""b"":""x""}"'],
  ])("quotes %j as RFC 4180 asks", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+81 3-0000-0000", "'+81 3-0000-0000"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tindented", "'\tindented"],
    ["＝1+1", "'＝1+1"],
    ["＠SUM(A1)", "'＠SUM(A1)"],
    ["＋1+1", "'＋1+1"],
    ["－2", "'－2"],
  ])("neutralises %j, which a spreadsheet would read as a formula", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("neutralises first and then quotes, so the apostrophe ends up inside the quotes", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("leaves a formula character that is not first alone", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("user@example.com")).toBe("user@example.com");
  });
});

describe("csvLine", () => {
  it("joins cells with commas and ends the record with CRLF", () => {
    expect(csvLine(["id", 1, null, "a,b", "=x"])).toBe(`id,1,,"a,b",'=x\r\n`);
  });
});

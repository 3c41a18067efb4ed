import { describe, expect, it } from "vitest";
import { PreconditionRequiredError } from "@/lib/services/errors";
import { revisionFromIfMatch } from "./etag";

const ifMatch = (value: string) => revisionFromIfMatch(new Request("http://localhost/x", { method: "PATCH", headers: { "if-match": value } }), true);

describe("revisionFromIfMatch", () => {
  it("takes the ETag as sent, weakened by a proxy, or bare", () => {
    for (const value of ['"3"', 'W/"3"', "3", ' "3" ']) expect(ifMatch(value), value).toBe(3);
  });

  it("refuses what names no one revision, a quote left open included (428)", () => {
    for (const value of ['"3', '3"', "W/3", "*", '"1", "2"', '""', '"abc"']) expect(() => ifMatch(value), value).toThrow(PreconditionRequiredError);
  });
});

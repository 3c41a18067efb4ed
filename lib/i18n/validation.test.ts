import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import en from "./messages/en.json";
import ja from "./messages/ja.json";
import { catalogueEntry, englishMessage, isCatalogueKey } from "./validation";

describe("englishMessage", () => {
  it("translates a validation catalogue key into English", () => {
    expect(englishMessage("validation.required")).toBe(en.validation.required);
    expect(englishMessage("validation.phone")).toBe(en.validation.phone);
  });

  it("leaves an unknown key and a plain message as they are", () => {
    expect(englishMessage("validation.noSuchKey")).toBe("validation.noSuchKey");
    expect(englishMessage("Something went wrong.")).toBe("Something went wrong.");
  });
});

describe("isCatalogueKey", () => {
  it("tells a dotted catalogue key from text", () => {
    expect(isCatalogueKey("validation.required")).toBe(true);
    expect(isCatalogueKey("disclosures.submit.noItems")).toBe(true);
    expect(isCatalogueKey("This field is required.")).toBe(false);
    expect(isCatalogueKey("required")).toBe(false);
  });
});

describe("the field errors services write", () => {
  it("are catalogue keys of both languages, so a form shows them in the reader's language", () => {
    const dir = path.join(process.cwd(), "lib/services");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.includes(".test."));
    const messages = files.flatMap((f) => [...readFileSync(path.join(dir, f), "utf8").matchAll(/path: "[^"]*", message: "([^"]*)"/g)].map((m) => m[1]!));
    expect(messages.length).toBeGreaterThan(5);
    const missing = messages.filter((m) => !isCatalogueKey(m) || catalogueEntry(m, en) === undefined || catalogueEntry(m, ja) === undefined);
    expect(missing).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { configuredSecret } from "./configured-secret";

describe("configuredSecret", () => {
  it("takes the first variable that is set and not empty", () => {
    expect(configuredSecret(["A_KEY", "B_KEY"], "tests", { A_KEY: "a", B_KEY: "b" })).toBe("a");
    expect(configuredSecret(["A_KEY", "B_KEY"], "tests", { A_KEY: "", B_KEY: "b" })).toBe("b");
  });

  it("has no built-in fallback: without any, it refuses, naming what to set", () => {
    expect(() => configuredSecret(["A_KEY", "B_KEY"], "the tests", {})).toThrow("A_KEY (or B_KEY) is not set: it is the key for the tests.");
    expect(() => configuredSecret(["A_KEY"], "the tests", { A_KEY: "" })).toThrow("A_KEY is not set: it is the key for the tests.");
  });
});

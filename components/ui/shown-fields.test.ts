import type { UseFormRegister } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { shownFields } from "./shown-fields";

type Values = { name: string; days: number; note?: string | null; agree: boolean; codes: string[]; decision: string; countries: string[]; nested: { when: string } };

// register() as react-hook-form gives it, reduced to what these helpers pass on.
const register = ((name: string) => ({ name, onChange: async () => {}, onBlur: async () => {}, ref: () => {} })) as unknown as UseFormRegister<Values>;
const defaults: Values = { name: "Haruka", days: 90, note: null, agree: true, codes: ["a", "c"], decision: "comment", countries: ["CN", "AU"], nested: { when: "2027-01-31" } };

describe("shownFields", () => {
  const shown = shownFields(register, defaults);

  it("gives a field its default as text, and nothing missing as empty", () => {
    expect(shown.value("name")).toMatchObject({ name: "name", defaultValue: "Haruka" });
    expect(shown.value("days")).toMatchObject({ defaultValue: "90" });
    expect(shown.value("note")).toMatchObject({ defaultValue: "" });
    expect(shown.value("nested.when")).toMatchObject({ name: "nested.when", defaultValue: "2027-01-31" });
  });

  it("ticks a yes/no box only for true", () => {
    expect(shown.checked("agree")).toMatchObject({ name: "agree", defaultChecked: true });
    expect(shownFields(register, { ...defaults, agree: false }).checked("agree")).toMatchObject({ defaultChecked: false });
  });

  it("ticks the boxes of a group whose values the list holds, and the radio button of the one value", () => {
    expect(shown.choice("codes", "a")).toMatchObject({ name: "codes", value: "a", defaultChecked: true });
    expect(shown.choice("codes", "b")).toMatchObject({ value: "b", defaultChecked: false });
    expect(shown.choice("decision", "comment")).toMatchObject({ defaultChecked: true });
    expect(shown.choice("decision", "accept")).toMatchObject({ defaultChecked: false });
  });

  it("selects every value of a select of several", () => {
    expect(shown.values("countries")).toMatchObject({ name: "countries", defaultValue: ["CN", "AU"] });
    expect(shownFields(register, {}).values("countries")).toMatchObject({ defaultValue: [] });
  });

  it("keeps what register gives (name, handlers, ref)", () => {
    expect(Object.keys(shown.value("name")).sort()).toEqual(["defaultValue", "name", "onBlur", "onChange", "ref"]);
  });
});

describe("shownFields at a part of the form", () => {
  it("reads the defaults of a field-array entry under the entry's own path", () => {
    const item = { material: "NdPr oxide", singleSource: true, mitigation: { targetDate: "2028-03-31" } };
    const shown = shownFields(register as unknown as UseFormRegister<{ items: (typeof item)[] }>, item, "items.2");
    expect(shown.value("items.2.material")).toMatchObject({ name: "items.2.material", defaultValue: "NdPr oxide" });
    expect(shown.value("items.2.mitigation.targetDate")).toMatchObject({ defaultValue: "2028-03-31" });
    expect(shown.checked("items.2.singleSource")).toMatchObject({ defaultChecked: true });
  });
});

import en from "./messages/en.json";

/** A catalogue's entry at a dotted key (`validation.required`, `advisories.validation.tlp`), if any: English unless told. */
export function catalogueEntry(key: string, catalogue: unknown = en): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

const CATALOGUE_KEY = /^[a-zA-Z]+(\.[a-zA-Z0-9_]+)+$/;

/** Whether a message is a catalogue key (`validation.required`) rather than text. */
export const isCatalogueKey = (message: string): boolean => CATALOGUE_KEY.test(message);

/** Schema messages are catalogue keys (`validation.required`); the API answers them in English. */
export function englishMessage(message: string): string {
  return CATALOGUE_KEY.test(message) ? (catalogueEntry(message) ?? message) : message;
}

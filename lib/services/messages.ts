import { createTranslator } from "next-intl";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };

/**
 * What a service says when it refuses, as a key of the catalogue's `serviceErrors` with its values: the
 * API answers the English text (problem+json `detail`), and forms show the same key in the reader's
 * language, so no refusal reaches a Japanese page in English.
 */
export type ServiceMessageKey = keyof (typeof en)["serviceErrors"];
export type ServiceMessageValues = Record<string, string | number>;
export interface ServiceMessage {
  key: ServiceMessageKey;
  values?: ServiceMessageValues;
}

const english = createTranslator({ locale: "en", messages: en, namespace: "serviceErrors" });

export const serviceMessage = (key: ServiceMessageKey, values?: ServiceMessageValues): ServiceMessage => ({ key, values });

/** The English text of a message, as the API answers it. */
export function englishText({ key, values }: ServiceMessage): string {
  return (english as (key: string, values?: ServiceMessageValues) => string)(key, values);
}

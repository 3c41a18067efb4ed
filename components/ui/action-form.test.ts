import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { waitWhenThrottled, type Refused, type TakeRefusal } from "./action-form";

// The catalogue as the forms' own translator reads it (untyped keys, as useTranslations() gives them).
const translator = (locale: "en" | "ja", messages: AbstractIntlMessages) => createTranslator({ locale, messages });

const refused = (extra: Partial<Refused> = {}): Refused => ({ ok: false, code: "throttled", message: "signIn.throttled", requestId: "req-1", ...extra });
// The usual way, standing in for useRefusal: says the refusal's own message.
const take: TakeRefusal = (result) => ({ messages: [result.message], requestId: result.requestId });

describe("waitWhenThrottled", () => {
  it("says the wait before trying again, in the reader's language, in place of the refusal", () => {
    expect(waitWhenThrottled(translator("en", en))(refused({ retryAfterSeconds: 90 }), take)).toEqual({
      messages: ["Too many failed attempts. Try again in 2 minutes."],
    });
    expect(waitWhenThrottled(translator("ja", ja))(refused({ retryAfterSeconds: 12 }), take)).toEqual({ messages: ["失敗した試行が多すぎます。12秒後に再度お試しください。"] });
  });

  it("takes any other refusal the usual way", () => {
    const t = translator("en", en);
    expect(waitWhenThrottled(t)(refused({ code: "validation", message: "errors.checkFields" }), take)).toEqual({ messages: ["errors.checkFields"], requestId: "req-1" });
  });
});

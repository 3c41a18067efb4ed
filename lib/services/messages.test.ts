import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { advisoryStatuses, disclosureStatuses } from "@/db/schema";
import { actionFailure } from "@/lib/http/action-result";
import enMessages from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { ConflictError, NotFoundError, StaleRevisionError, ThrottledError, UnauthenticatedError } from "./errors";
import { englishText, serviceMessage } from "./messages";

describe("service messages", () => {
  it("give the API the English text, values filled in, as the services always said it", () => {
    expect(new ConflictError(serviceMessage("cannotDisableSelf")).message).toBe("You cannot disable your own account.");
    expect(englishText(serviceMessage("disclosureTransition", { status: "changes_requested", operation: "withdrawn" }))).toBe(
      "A disclosure that is changes requested cannot be withdrawn.",
    );
    expect(englishText(serviceMessage("advisoryAcknowledged", { revision: 2 }))).toBe("Your company already acknowledged revision 2 of this advisory.");
    expect(new NotFoundError().message).toBe("Not found.");
  });

  it("reach a form as the catalogue key and values, so the form says it in the reader's language", () => {
    const failure = actionFailure(new ConflictError(serviceMessage("disclosureExists", { period: "2026-H1", id: "d1" })), "req-1");
    expect(failure).toMatchObject({ ok: false, code: "conflict", message: "serviceErrors.disclosureExists", params: { period: "2026-H1", id: "d1" }, requestId: "req-1" });
    expect(actionFailure(new StaleRevisionError({ id: "d1" }), "req-2")).toMatchObject({ code: "stale", message: "serviceErrors.staleDraft", current: { id: "d1" } });
    // A refusal the catalogue does not hold keeps its text (an API-only path), which forms never show as it is.
    expect(actionFailure(new ConflictError("Only for the API."), "req-3")).toMatchObject({ message: "Only for the API." });
  });

  it("tell a form whose session ended to sign in elsewhere, in the reader's language, and keep the API's own advice", () => {
    const ended = new UnauthenticatedError();
    expect(actionFailure(ended, "req-6")).toEqual({ ok: false, code: "unauthenticated", message: "serviceErrors.signedOut", requestId: "req-6" });
    // The API answers its English text, which speaks of API tokens; forms never show it.
    expect(ended.message).toBe("Sign in or send a valid API token.");
    expect(actionFailure(new UnauthenticatedError("The API token is not valid."), "req-7")).toMatchObject({ message: "serviceErrors.signedOut" });
    const japanese = createTranslator({ locale: "ja", messages: ja, namespace: "serviceErrors" });
    expect(japanese("signedOut")).toMatch(/別のタブでサインイン/);
  });

  it("give a throttled form its key and values with the wait, and the API the English text", () => {
    const limit = new ThrottledError(125, serviceMessage("invitationLimit", { limit: 30, minutes: 3 }));
    expect(actionFailure(limit, "req-4")).toEqual({
      ok: false,
      code: "throttled",
      message: "serviceErrors.invitationLimit",
      params: { limit: 30, minutes: 3 },
      requestId: "req-4",
      retryAfterSeconds: 125,
    });
    expect(limit.message).toBe("You have sent 30 invitations and password-reset links in the last hour, the most allowed. You can send the next in 3 minutes.");
    const japanese = createTranslator({ locale: "ja", messages: ja, namespace: "serviceErrors" });
    expect(japanese("invitationLimit", { limit: 30, minutes: 1 })).toBe("直近 1 時間に送った招待とパスワード再設定リンクが上限の 30 件に達しました。次は 1 分後に送れます。");
    // A throttle without a catalogue message keeps its text, as before.
    expect(actionFailure(new ThrottledError(7), "req-5")).toMatchObject({ message: "Too many failed attempts. Try again in 7 seconds.", retryAfterSeconds: 7 });
  });

  it("have a Japanese text for every status and operation a disclosure refusal names", () => {
    const t = createTranslator({ locale: "ja", messages: ja, namespace: "serviceErrors" });
    for (const status of disclosureStatuses) {
      for (const operation of ["reviewed", "edited", "submitted", "withdrawn"]) {
        const text = t("disclosureTransition", { status, operation });
        expect(text, `${status} / ${operation}`).toMatch(/^(下書き|提出済み|審査中|修正依頼あり|受理済み|取り下げ済み)の開示は(審査|編集|提出|取り下げ)できません。$/);
      }
    }
  });

  it("say an advisory's state refusal in both languages, the revision in progress named", () => {
    const en = createTranslator({ locale: "en", messages: enMessages, namespace: "serviceErrors" });
    const t = createTranslator({ locale: "ja", messages: ja, namespace: "serviceErrors" });
    expect(en("advisoryTransition", { state: "revision_pending_approval", revision: 3, operation: "edited" })).toBe(
      "An advisory that is published, with revision 3 pending approval cannot be edited (only a draft can).",
    );
    for (const state of [...advisoryStatuses, "revision_draft", "revision_pending_approval"]) {
      for (const operation of ["edited", "sent", "approved", "revised", "withdrawn"]) {
        const text = t("advisoryTransition", { state, revision: 3, operation });
        expect(text, `${state} / ${operation}`).toMatch(/^(下書き|承認待ち|公表済み|差し替え済み|撤回済み|公表済み（第3版[^）]+）)の勧告は(編集|承認に回せ|承認|改訂|撤回)(でき)?ません/);
        expect(en("advisoryTransition", { state, revision: 3, operation }), `${state} / ${operation}`).not.toMatch(/another state|cannot be changed/);
      }
    }
  });

  // Every refusal a service raises for people (409, 403, 404) comes from the catalogue; English-only
  // text is left to the paths that only machines and operators read, listed here with the reason.
  it("are used by every service refusal but the listed machine-only ones", () => {
    const machineOnly = new Map([
      ["lib/services/issue-cli-token.ts", "the command-line token tool"],
    ]);
    const root = path.resolve(import.meta.dirname, "../..");
    const files = ["lib/authz/policy.ts", ...fs.readdirSync(path.join(root, "lib/services"), { recursive: true }).map((f) => `lib/services/${String(f)}`)]
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const literal = /new (Conflict|Forbidden|NotFound)Error\(\s*[\x60\x22\x27]/; // a backtick, double or single quote
    const offenders = files.filter((f) => !machineOnly.has(f) && literal.test(fs.readFileSync(path.join(root, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

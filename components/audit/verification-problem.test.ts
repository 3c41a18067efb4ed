import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import type { Problem } from "@/lib/audit/verify";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { verificationProblem } from "./verification-problem";

const bad = (seq: number, problem: Problem, detail: string) => ({ checkedThrough: seq - 1, firstBad: { seq, problem, detail } });
const say = (messages: typeof en, found: ReturnType<typeof verificationProblem>) =>
  createTranslator({ locale: messages === ja ? "ja" : "en", messages, namespace: "auditVerify" })(found!.key as "problems.altered", found!.values as { seq: number });

// Each problem as lib/audit/verify.ts and range-check.ts word it today.
const found: [Problem, ReturnType<typeof bad>][] = [
  ["altered", bad(41, "altered", "event 41 (id 97) does not match the chain: it was changed, inserted or moved")],
  ["missing", bad(12, "missing", "events 12–14 are missing from the chain (deleted?)")],
  ["unknown_version", bad(7, "unknown_version", "event 7 claims encoding version 9")],
  ["truncated", bad(301, "truncated", "a checkpoint covers events up to 320, but the chain ends at 300: events were removed from the end")],
  ["checkpoint_mismatch", bad(250, "checkpoint_mismatch", "the checkpoint at sequence 250 sealed a different chain: an event from 101 to 250 was changed, inserted or removed, and the links after it recomputed")],
  ["bad_signature", bad(250, "bad_signature", "the checkpoint at sequence 250 (key 0123456789abcdef) has no valid signature")],
];

describe("verificationProblem", () => {
  it("answers nothing for a sound log", () => {
    expect(verificationProblem({ checkedThrough: 10, firstBad: null })).toBeNull();
  });

  it("takes the sequence numbers and the range from the verifier's fields", () => {
    expect(verificationProblem(found[1]![1])).toEqual({ key: "problems.missing", values: { from: 12, to: 14 } });
    expect(verificationProblem(found[3]![1])).toEqual({ key: "problems.truncated", values: { sealed: 320, through: 300 } });
    expect(verificationProblem(found[0]![1])).toEqual({ key: "problems.altered", values: { seq: 41 } });
    // A chain recomputed to hide a change: where the change may lie, after the checkpoint before that still matches.
    expect(verificationProblem(found[4]![1])).toEqual({ key: "problems.checkpoint_mismatch", values: { seq: 250, from: 101 } });
  });

  it("still says what it knows when the detail's wording is not the expected one", () => {
    expect(verificationProblem(bad(12, "missing", "gap"))).toEqual({ key: "problems.missingFrom", values: { from: 12 } });
    expect(verificationProblem(bad(301, "truncated", "gone"))).toEqual({ key: "problems.truncatedAfter", values: { through: 300 } });
  });

  it.each(found)("reads %s in both languages with its figures, and never the English detail", (problem, result) => {
    for (const messages of [en, ja]) {
      const text = say(messages, verificationProblem(result));
      expect(text).not.toMatch(/auditVerify|problems\./);
      expect(text).toContain(String(result.firstBad.seq === 301 ? 300 : result.firstBad.seq));
      if (messages === ja) expect(text).not.toContain(result.firstBad.detail.slice(0, 20));
    }
    expect(say(en, verificationProblem(result))).not.toBe(result.firstBad.detail);
  });

  it("has a message for a problem the verifier may learn later", () => {
    const later = verificationProblem(bad(5, "something_new" as Problem, "…"));
    expect(later).toEqual({ key: "problems.other", values: { seq: 5 } });
    expect(say(ja, later)).toContain("5");
  });
});

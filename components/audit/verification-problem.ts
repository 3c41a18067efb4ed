import type { VerificationResult } from "@/lib/audit/verify";

/**
 * What the verification found, as a catalogue message (`auditVerify.problems.…`) and its values, from the
 * fields the verifier answers: the first bad event's sequence number and problem, and how far the chain
 * was verified. The verifier's `detail` is English for the API and the command line; only the one figure
 * it alone carries is read from it (where a gap of missing events ends, which checkpoint reaches past the
 * end, where a change before a checkpoint may begin), and without it the message names what the other fields tell.
 */
export function verificationProblem(result: Pick<VerificationResult, "firstBad" | "checkedThrough">): { key: string; values: Record<string, number> } | null {
  const bad = result.firstBad;
  if (!bad) return null;
  switch (bad.problem) {
    case "missing": {
      const to = figureAfter(bad.detail, /^events \d+–(\d+) /);
      return to !== null && to >= bad.seq ? { key: "problems.missing", values: { from: bad.seq, to } } : { key: "problems.missingFrom", values: { from: bad.seq } };
    }
    case "truncated": {
      const through = bad.seq - 1;
      const sealed = figureAfter(bad.detail, /covers events up to (\d+)/);
      return sealed !== null && sealed > through ? { key: "problems.truncated", values: { sealed, through } } : { key: "problems.truncatedAfter", values: { through } };
    }
    case "checkpoint_mismatch":
      return { key: "problems.checkpoint_mismatch", values: { seq: bad.seq, from: figureAfter(bad.detail, /an event from (\d+) to /) ?? 1 } };
    case "altered":
    case "unknown_version":
    case "bad_signature":
      return { key: `problems.${bad.problem}`, values: { seq: bad.seq } };
    default:
      return { key: "problems.other", values: { seq: bad.seq } };
  }
}

function figureAfter(detail: string, pattern: RegExp): number | null {
  const match = pattern.exec(detail);
  return match ? Number(match[1]) : null;
}

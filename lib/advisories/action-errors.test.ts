import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError } from "@/lib/services/errors";
import { ApprovalRefusedError } from "@/lib/services/internal/advisory-four-eyes";
import { serviceMessage } from "@/lib/services/messages";
import { advisoryAnswer } from "./action-errors";

describe("a failed advisory action", () => {
  it("says the four-eyes reason with the conflicted companies, named and listed in the reader's language", () => {
    const companies = [
      { en: "Hoshino Magnetics", ja: "星野マグネティクス" },
      { en: "Tsubame Robotics", ja: "つばめロボティクス" },
    ];
    const refusal = new ApprovalRefusedError("English for the API.", "conflict_of_interest", companies);
    expect(advisoryAnswer(refusal, "r1", "en")).toMatchObject({ message: "advisories.errors.conflict_of_interest", params: { companies: "Hoshino Magnetics and Tsubame Robotics" } });
    expect(advisoryAnswer(refusal, "r1", "ja")).toMatchObject({ params: { companies: "星野マグネティクス、つばめロボティクス" } });
  });

  it("says a state refusal with its catalogue key and values", () => {
    const refusal = new ConflictError(serviceMessage("advisoryTransition", { state: "revision_pending_approval", revision: 2, operation: "edited" }));
    expect(advisoryAnswer(refusal, "r2", "en")).toMatchObject({
      code: "conflict",
      message: "serviceErrors.advisoryTransition",
      params: { state: "revision_pending_approval", revision: 2, operation: "edited" },
    });
  });

  it("lets every catalogued refusal say itself", () => {
    expect(advisoryAnswer(new ConflictError(serviceMessage("advisoryNoReachNow")), "r3", "en")).toMatchObject({ message: "serviceErrors.advisoryNoReachNow" });
    expect(advisoryAnswer(new ForbiddenError(serviceMessage("approverOnlyWithdraw")), "r4", "en")).toMatchObject({ code: "forbidden", message: "serviceErrors.approverOnlyWithdraw" });
  });
});

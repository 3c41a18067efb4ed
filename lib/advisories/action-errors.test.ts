import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError } from "@/lib/services/errors";
import { ApprovalRefusedError } from "@/lib/services/internal/advisory-four-eyes";
import { serviceMessage } from "@/lib/services/messages";
import { advisoryAnswer } from "./action-errors";

describe("a failed advisory action", () => {
  it("says the four-eyes reason with the conflicted companies", () => {
    const refusal = new ApprovalRefusedError("English for the API.", "conflict_of_interest", ["Hoshino Magnetics"]);
    expect(advisoryAnswer(refusal, "r1")).toMatchObject({ message: "advisories.errors.conflict_of_interest", params: { companies: "Hoshino Magnetics" } });
  });

  it("says a state refusal with its catalogue key and values", () => {
    const refusal = new ConflictError(serviceMessage("advisoryTransition", { state: "revision_pending_approval", revision: 2, operation: "edited" }));
    expect(advisoryAnswer(refusal, "r2")).toMatchObject({
      code: "conflict",
      message: "serviceErrors.advisoryTransition",
      params: { state: "revision_pending_approval", revision: 2, operation: "edited" },
    });
  });

  it("lets every catalogued refusal say itself", () => {
    expect(advisoryAnswer(new ConflictError(serviceMessage("advisoryNoReachNow")), "r3")).toMatchObject({ message: "serviceErrors.advisoryNoReachNow" });
    expect(advisoryAnswer(new ForbiddenError(serviceMessage("approverOnlyWithdraw")), "r4")).toMatchObject({ code: "forbidden", message: "serviceErrors.approverOnlyWithdraw" });
  });
});

import { describe, expect, it } from "vitest";
import { advisoryListQuerySchema } from "./advisory";
import { auditSearchSchema } from "./audit-search";
import { accessLogQuerySchema, disclosureListQuerySchema } from "./disclosure";

// A query parameter sent empty — a form's empty field, `?limit=&cursor=` — is one not sent, on every list
// alike (the audit search took it so; the disclosure, advisory and access-log lists refused it).
describe("blank query parameters", () => {
  it("are absent on every keyset-paged list", () => {
    const blanks = { limit: "", cursor: "" };
    expect(disclosureListQuerySchema.parse({ ...blanks, period: "", status: "", queue: "" })).toEqual({ limit: 25 });
    expect(advisoryListQuerySchema.parse({ ...blanks, status: "", severity: "", unread: "", unacknowledged: "", queue: "" })).toEqual({ limit: 25 });
    expect(accessLogQuerySchema.parse({ ...blanks, breakGlass: "", from: "", to: "" })).toEqual({ limit: 50 });
    expect(auditSearchSchema.parse(blanks)).toMatchObject({ limit: 50 });
  });

  it("leave a value that is there to be checked", () => {
    expect(disclosureListQuerySchema.safeParse({ limit: "0" }).success).toBe(false);
    expect(advisoryListQuerySchema.safeParse({ cursor: " " }).success).toBe(false);
  });
});

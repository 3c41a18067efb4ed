import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRolePasswordProblem } from "./production-roles";

describe("the application role's password", () => {
  it("is long, and holds only what DATABASE_URL carries unescaped", () => {
    expect(appRolePasswordProblem("0123456789abcdef0123456789abcdef")).toBeNull();
    expect(appRolePasswordProblem("A.b_c~d-e0123456789")).toBeNull();
    expect(appRolePasswordProblem("short-secret")).toMatch(/at least 16/);
    expect(appRolePasswordProblem("has@an:at-sign-and-colon")).toMatch(/only letters, digits/);
    expect(appRolePasswordProblem("with a space in it, long")).toMatch(/only letters, digits/);
    expect(appRolePasswordProblem("quote'in-the-middle-of")).toMatch(/only letters, digits/);
  });
});

// compose.yaml is what an operator starts from: its server must not connect as the schema's owner (a
// superuser there), who could change the audit log. Docker cannot run here, so the wiring is read.
describe("compose.yaml", () => {
  const compose = fs.readFileSync(path.resolve(import.meta.dirname, "..", "compose.yaml"), "utf8");
  const service = (name: string) => new RegExp(`^  ${name}:\\n((?:    .*\\n|      .*\\n)*)`, "m").exec(compose)?.[1] ?? "";

  it("runs the server as kakehashi_app, and has the migration step make that role", () => {
    expect(service("app")).toMatch(/^ {6}DATABASE_URL: postgres:\/\/kakehashi_app:\$\{KAKEHASHI_APP_PASSWORD[^}]*\}@db:5432\/kakehashi$/m);
    expect(service("migrate")).toMatch(/^ {6}DATABASE_URL: postgres:\/\/kakehashi:/m);
    expect(service("migrate")).toMatch(/^ {6}KAKEHASHI_APP_PASSWORD: \$\{KAKEHASHI_APP_PASSWORD/m);
  });
});

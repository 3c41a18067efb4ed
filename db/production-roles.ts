import fs from "node:fs";
import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "./client";

/** db/production-roles.sql, which the schema's owner runs after every migration (README, "Production database roles"). */
export function productionRolesScript(): string {
  return fs.readFileSync(new URL("./production-roles.sql", import.meta.url), "utf8");
}

/**
 * The application's production role made if missing, and a role of the caller's that is a member of it
 * (with `attributes`, e.g. BYPASSRLS), both without a password: for a local server that trusts its
 * clients, as the tests' and the benchmarks' do. An operator makes kakehashi_app with a password instead.
 */
export function localProductionRoles(member?: { name: string; attributes: string }): string {
  const ensure = (name: string, rest: string) =>
    `if not exists (select 1 from pg_roles where rolname = '${name}') then create role ${name} login ${rest}; end if;`;
  return `do $$ begin
    ${ensure("kakehashi_app", "")}
    ${member ? ensure(member.name, `${member.attributes} in role kakehashi_app`) : ""}
  end $$`;
}

/** Why a password cannot be the application role's (null when it can). It goes into DATABASE_URL as it is. */
export function appRolePasswordProblem(password: string): string | null {
  if (password.length < 16) return "it must be at least 16 characters long";
  if (!/^[A-Za-z0-9._~-]+$/.test(password)) return "it must hold only letters, digits and . _ ~ - (it goes into DATABASE_URL unescaped)";
  return null;
}

/**
 * The server refused the application role's password statement. The statement holds the password and the
 * driver's error repeats it ("Failed query: alter role … password '…'"), so only the server's reason and
 * code are kept, and not the error itself.
 */
export class AppRolePasswordError extends Error {
  constructor(refusal: unknown) {
    const reason = (refusal as { cause?: unknown }).cause ?? refusal;
    const { message, code } = reason as { message?: unknown; code?: unknown };
    const said = typeof message === "string" && !message.includes("password") ? message : "refused";
    super(`setting the password of kakehashi_app failed: ${said}${typeof code === "string" ? ` (SQLSTATE ${code})` : ""}`);
    this.name = "AppRolePasswordError";
  }
}

/**
 * The owner's step after the migrations when it also keeps the application's login role: kakehashi_app
 * made if missing, its password set, and db/production-roles.sql applied — in one transaction, so a
 * failure leaves the role as it was. The password is quoted by the server (format's %L), never spliced
 * into SQL here.
 */
export async function provisionAppRole(db: Executor, password: string): Promise<void> {
  const problem = appRolePasswordProblem(password);
  if (problem) throw new Error(`The application role's password is refused: ${problem}.`);
  await db.transaction(async (tx) => {
    // Roles belong to the whole server: one made meanwhile by another session is as good as ours.
    await tx.execute(sql.raw(`do $$ begin create role kakehashi_app login; exception when duplicate_object or unique_violation then null; end $$`));
    const [row] = rowsOf<{ statement: string }>(await tx.execute(sql`select format('alter role kakehashi_app login password %L', ${password}::text) as statement`));
    try {
      await tx.execute(sql.raw(row!.statement));
    } catch (error) {
      throw new AppRolePasswordError(error);
    }
    await tx.execute(sql.raw(productionRolesScript()));
  });
}

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
 * The owner's step after the migrations when it also keeps the application's login role: kakehashi_app
 * made (or its password changed) and db/production-roles.sql applied. The password is quoted by the
 * server (format's %L), never spliced into SQL here.
 */
export async function provisionAppRole(db: Executor, password: string): Promise<void> {
  const problem = appRolePasswordProblem(password);
  if (problem) throw new Error(`The application role's password is refused: ${problem}.`);
  const roleStatement = async () => {
    const [row] = rowsOf<{ statement: string }>(await db.execute(sql`select format(
      case when exists (select 1 from pg_roles where rolname = 'kakehashi_app') then 'alter role kakehashi_app login password %L'
           else 'create role kakehashi_app login password %L' end, ${password}::text) as statement`));
    await db.execute(sql.raw(row!.statement));
  };
  try {
    await roleStatement();
  } catch (error) {
    // Made meanwhile by another session (roles belong to the whole server): set its password instead.
    const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
    if (code !== "42710") throw error;
    await roleStatement();
  }
  await db.execute(sql.raw(productionRolesScript()));
}

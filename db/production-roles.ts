import fs from "node:fs";

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

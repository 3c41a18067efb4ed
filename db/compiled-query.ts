import type { Query, SQL } from "drizzle-orm";
import { PgDatabase, PgDialect, PgSession, type SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import type { Db, Executor } from "./client";

/** What a query builder hands its session when it prepares: everything needed to run it again. */
interface Compiled {
  query: Query;
  fields: SelectedFieldsOrdered | undefined;
  arrayMode: boolean;
  customResultMapper: ((rows: unknown[][]) => unknown) | undefined;
  joinsNotNullableMap?: Record<string, boolean>;
}

/** A session that runs nothing: it keeps what the builder prepared, so the SQL is built once per process. */
class CompilingSession extends PgSession {
  compiled?: Compiled;

  override prepareQuery(query: Query, fields: SelectedFieldsOrdered | undefined, _name: string | undefined, arrayMode: boolean, customResultMapper?: (rows: unknown[][]) => unknown) {
    const compiled: Compiled = { query, fields, arrayMode, customResultMapper };
    this.compiled = compiled;
    // The builder then sets joinsNotNullableMap on what it got back, and its token.
    const sink = {
      set joinsNotNullableMap(value: Record<string, boolean>) {
        compiled.joinsNotNullableMap = value;
      },
      setToken: () => sink,
    };
    return sink as never;
  }

  override transaction(): never {
    throw new Error("a compiled query has no transaction");
  }
}

type Preparable<T> = { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<T> } };

export interface CompiledQuery<T> {
  /** Runs the statement on the database or a transaction, with values for its placeholders. */
  run(executor: Executor, values: Record<string, unknown>): Promise<T>;
}

/**
 * A statement that hot paths run on every request, built by drizzle once per process instead of once per
 * call (building a select with joins and subqueries cost about 0.1 ms of the server's CPU each time).
 * `build` writes it with `sql.placeholder(…)` where values go; `run` hands the finished SQL, its fields
 * and its row mapping to the executor's own session, so results are mapped exactly as the builder's
 * `execute` would, and the statement is prepared on the server under `name`.
 */
export function compileQuery<T>(name: string, build: (db: Db) => Preparable<T>): CompiledQuery<T> {
  let compiled: Compiled | undefined;
  const compile = (): Compiled => {
    const dialect = new PgDialect();
    const session = new CompilingSession(dialect);
    build(new PgDatabase(dialect, session, undefined) as unknown as Db).prepare(name);
    if (!session.compiled) throw new Error(`compileQuery(${name}): the builder prepared nothing`);
    return withParameters(name, session.compiled);
  };
  return {
    run(executor, values) {
      compiled ??= compile();
      const prepared = executor._.session.prepareQuery(compiled.query, compiled.fields, name, compiled.arrayMode, compiled.customResultMapper);
      (prepared as { joinsNotNullableMap?: Record<string, boolean> }).joinsNotNullableMap = compiled.joinsNotNullableMap;
      return prepared.execute(values) as Promise<T>;
    },
  };
}

/**
 * A statement written as SQL rather than with the builder (an INSERT … SELECT from a JSON parameter, say),
 * turned into text once and prepared on the server under `name`. `db.execute` would send it unnamed,
 * which postgres.js does in two round trips (parse and describe, then bind and execute) and PostgreSQL
 * parses and plans every time. Values go where `query` has `sql.placeholder(…)`; what it returns is left
 * to the caller's driver (it is for statements whose rows nobody reads).
 *
 * Both kinds must have a parameter (`withParameters`).
 */
export function compileStatement(name: string, query: SQL): { run(executor: Executor, values: Record<string, unknown>): Promise<unknown> } {
  let compiled: Query | undefined;
  return {
    run(executor, values) {
      compiled ??= withParameters(name, { query: new PgDialect().sqlToQuery(query) }).query;
      return executor._.session.prepareQuery(compiled, undefined, name, false).execute(values);
    },
  };
}

/**
 * A compiled statement with at least one parameter, else an error when it is first run: postgres.js sends
 * a statement without parameters by the simple protocol, which prepares nothing, so such a statement would
 * be parsed and planned at every call while its name said otherwise.
 */
function withParameters<T extends { query: Query }>(name: string, compiled: T): T {
  if (compiled.query.params.length === 0) throw new Error(`${name}: a compiled statement needs a parameter to be prepared (postgres.js sends one without by the simple protocol)`);
  return compiled;
}

import type { Database } from "@/db/client";

/** What pg-boss asks of a database: run SQL, answer `{ rows }` like node-postgres. */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface PGliteLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

interface PostgresJsLike {
  unsafe(text: string, values?: unknown[]): Promise<unknown[]>;
  reserve(): Promise<PostgresJsLike & { release(): void }>;
}

/**
 * pg-boss on our own connection, whichever the driver: it then needs no second pool, and on PGlite it
 * shares the one embedded database. Scripts without parameters may hold several statements.
 */
export function bossDb(database: Database): BossDb {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === "pglite") {
    const pglite = client as PGliteLike;
    return {
      async executeSql(text, values) {
        if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    };
  }
  const sql = client as PostgresJsLike;
  return {
    async executeSql(text, values) {
      // node-postgres sends plain objects as JSON; postgres.js needs them as text.
      if (values && values.length > 0) return { rows: [...(await sql.unsafe(text, values.map(asParameter) as never[]))] };
      // pg-boss's scripts open their own transaction: they need one connection to themselves.
      const reserved = await sql.reserve();
      try {
        return { rows: [...(await reserved.unsafe(text))] };
      } finally {
        reserved.release();
      }
    },
  };
}

function asParameter(value: unknown): unknown {
  if (value === undefined) return null;
  return value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value) && !Buffer.isBuffer(value)
    ? JSON.stringify(value)
    : value;
}

import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { lockDataFolder } from "./lock";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction (whose `transaction` opens a savepoint). */
export type Executor = Db | Tx;
export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent, the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` keeps everything in memory (tests). */
  dataDir?: string;
  /** postgres.js pool size; DATABASE_POOL_SIZE, else 10. */
  poolSize?: number;
}

/**
 * Seconds before a closed connection tries again, after `retries` failed attempts across the pool.
 * postgres.js's default grows to 20 s (0.5–1 × 3^retries / 100), so after an outage of a few seconds the
 * pool kept waiting for many seconds after the server was back; at most half a second here, which costs
 * a server that is down only a refused connection per pooled connection twice a second.
 */
export const reconnectDelaySeconds = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DIR || "./data/pglite" };
}

export const migrationsFolder = path.join(/* turbopackIgnore: true */ process.cwd(), "db", "migrations");

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(config.url, {
      max: config.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      connect_timeout: 5,
      backoff: reconnectDelaySeconds,
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    copyOutByDb.set(db, (statement) => copyOutOnOwnConnection(config.url!, statement));
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = config.dataDir ?? "memory://";
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataFolder(path.resolve(/* turbopackIgnore: true */ dataDir));
  try {
    const client = await PGlite.create(inMemory ? undefined : path.resolve(/* turbopackIgnore: true */ dataDir));
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export type CopyOut = (statement: string) => AsyncIterable<Buffer>;
const copyOutByDb = new WeakMap<object, CopyOut>();

/**
 * `COPY (…) TO STDOUT` as a byte stream, where the driver has it (PostgreSQL; not PGlite). Each call runs on
 * a connection of its own, opened with node-postgres for pg-copy-streams, which hands on the socket's bytes a
 * chunk at a time (postgres.js makes a message object per row, and 3.4 can leave its connection paused
 * after a COPY, porsager/postgres#499). Verification reads millions of rows this way.
 */
export function copyOutFor(db: Executor): CopyOut | null {
  return copyOutByDb.get(db) ?? null;
}

async function* copyOutOnOwnConnection(url: string, statement: string): AsyncIterable<Buffer> {
  const [{ default: pg }, { to: copyTo }] = await Promise.all([import("pg"), import("pg-copy-streams")]);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const stream = client.query(copyTo(statement));
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    await client.end();
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder });
  }
}

type GlobalWithDb = typeof globalThis & { __kakehashiDb?: Promise<Database> };

/** The process-wide database, opened on first use (never at import time: `next build` imports server modules). */
export function getDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  if (!g.__kakehashiDb) {
    g.__kakehashiDb = openDatabase(configFromEnv()).catch((error: unknown) => {
      g.__kakehashiDb = undefined;
      throw error;
    });
  }
  return g.__kakehashiDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** `db.execute()` answers an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

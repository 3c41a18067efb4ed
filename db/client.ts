import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { copyOutWith, type CopyOut } from "./copy-out";
import type { ChannelHandlers, StopListening } from "./listen";
import { lockDataFolder } from "./lock";
import { urlSetting } from "./env-setting";

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
  /** Seconds a new connection may take before it counts as failed; 5. */
  connectTimeoutSeconds?: number;
  /**
   * A read replica of the `url` server (a streaming standby), for the auditors' reads of the log (SPEC §8:
   * "read replicas for audit search"); PostgreSQL only. Its connections are read-only.
   */
  replicaUrl?: string;
  /** postgres.js pool size of the replica; DATABASE_REPLICA_POOL_SIZE, else 5. */
  replicaPoolSize?: number;
}

/**
 * Seconds before a closed connection tries again, after `retries` failed attempts across the pool.
 * postgres.js's default grows to 20 s (0.5–1 × 3^retries / 100), so after an outage of a few seconds the
 * pool kept waiting for many seconds after the server was back; at most half a second here, which costs
 * a server that is down only a refused connection per pooled connection twice a second.
 */
export const reconnectDelaySeconds = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5);

/** A pool size from the environment: a whole number from 1 to 1000, or the default when unset. */
function poolSizeFrom(env: Record<string, string | undefined>, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new Error(`${name} must be a whole number of connections from 1 to 1000 (it is "${text}").`);
  return size;
}

export function configFromEnv(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  for (const name of ["DATABASE_URL", "DATABASE_REPLICA_URL"]) urlSetting(env, name);
  if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL)
    throw new Error("DATABASE_REPLICA_URL names a replica of a PostgreSQL server: set DATABASE_URL to that server too (the embedded PGlite has no replicas).");
  if (!env.DATABASE_URL) return { dataDir: env.PGLITE_DIR || "./data/pglite" };
  const poolSize = poolSizeFrom(env, "DATABASE_POOL_SIZE");
  const replicaPoolSize = poolSizeFrom(env, "DATABASE_REPLICA_POOL_SIZE");
  return {
    url: env.DATABASE_URL,
    ...(poolSize ? { poolSize } : {}),
    ...(env.DATABASE_REPLICA_URL ? { replicaUrl: env.DATABASE_REPLICA_URL, ...(replicaPoolSize ? { replicaPoolSize } : {}) } : {}),
  };
}

export const migrationsFolder = path.join(/* turbopackIgnore: true */ process.cwd(), "db", "migrations");

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.url) {
    const connectTimeoutSeconds = config.connectTimeoutSeconds ?? 5;
    const { db, client } = await openServerPool(config.url, config.poolSize ?? 10, connectTimeoutSeconds);
    const replica = config.replicaUrl
      ? await openServerPool(config.replicaUrl, config.replicaPoolSize ?? 5, connectTimeoutSeconds, {
          // A standby refuses writes anyway; this makes a replica that is not one (or a mistaken URL) refuse them too.
          default_transaction_read_only: "on",
          application_name: "kakehashi-audit-reader",
        })
      : null;
    if (replica) holdForDatabase<Db>(db, REPLICA, replica.db);
    const { listenOnServer } = await import("./listen");
    const listening = new Set<StopListening>();
    holdForDatabase<Listen>(db, LISTEN, (channel, handlers) => {
      const stop = listenOnServer(config.url!, channel, handlers);
      listening.add(stop);
      return stop;
    });
    return {
      db,
      kind: "postgres",
      close: async () => {
        await Promise.all([...listening].map((stop) => stop()));
        await Promise.all([client.end({ timeout: 5 }), replica?.client.end({ timeout: 5 })]);
      },
    };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = config.dataDir ?? "memory://";
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataFolder(path.resolve(/* turbopackIgnore: true */ dataDir));
  try {
    const client = await PGlite.create(inMemory ? undefined : path.resolve(/* turbopackIgnore: true */ dataDir));
    const db = drizzle(client, { schema }) as unknown as Db;
    // In the process: a notification reaches the listener when the transaction that sent it commits.
    holdForDatabase<Listen>(db, LISTEN, (channel, handlers) => {
      let stopped = false;
      const unlisten = client.listen(channel, handlers.notify).then((stop) => {
        if (!stopped) handlers.live(true);
        return stop;
      });
      return async () => {
        stopped = true;
        handlers.live(false);
        if (!client.closed) await (await unlisten)();
      };
    });
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

/** A pool of connections to a PostgreSQL server, with the COPY source that streams from the same server. */
async function openServerPool(url: string, max: number, connectTimeoutSeconds: number, connection?: Record<string, string>) {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: connectTimeoutSeconds,
    backoff: reconnectDelaySeconds,
    ...(connection ? { connection } : {}),
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  holdForDatabase<CopySource>(db, COPY_SOURCE, { url, copyOut: copyOutWith(url) });
  return { db, client };
}

const REPLICA = "replica";

/**
 * The read replica the database was opened with (`DATABASE_REPLICA_URL`), for the auditors' reads of the
 * log; null without one, and for a transaction (whose reads belong to it).
 */
export function readReplicaOf(db: Executor): Db | null {
  return heldForDatabase<Db>(db, REPLICA) ?? null;
}

/** Where a database can stream `COPY … TO STDOUT` (PostgreSQL; not PGlite): its URL, for connections of its own. */
export interface CopySource {
  url: string;
  copyOut: CopyOut;
}
const COPY_SOURCE = "copySource";

export function copySourceFor(db: Executor): CopySource | null {
  return heldForDatabase<CopySource>(db, COPY_SOURCE) ?? null;
}

/**
 * State that belongs to one database object (a token cache, a group commit, how to COPY from it or listen
 * on it) is kept on the object under a registered symbol, not in a module's WeakMap: the Next.js server
 * bundles a module into several chunks, each with module state of its own, around the one database every
 * chunk shares.
 */
const symbolOf = (key: string) => Symbol.for(`kakehashi.${key}`);

function holdForDatabase<T>(db: object, key: string, value: T): T {
  Object.defineProperty(db, symbolOf(key), { value });
  return value;
}

/** What the database holds under `key`, if anything yet. */
export function heldForDatabase<T>(db: object, key: string): T | undefined {
  return (db as Record<symbol, T | undefined>)[symbolOf(key)];
}

/** What the database holds under `key`, made by `create` on first use. */
export function perDatabase<T>(db: object, key: string, create: () => T): T {
  return symbolOf(key) in db ? heldForDatabase<T>(db, key)! : holdForDatabase(db, key, create());
}

/** Starts listening on a notification channel of the database; see db/listen.ts for what `live` means. */
export type Listen = (channel: string, handlers: ChannelHandlers) => StopListening;
const LISTEN = "listen";

/** How to listen on the database's notification channels (absent for a transaction). */
export function listenerFor(db: Executor): Listen | null {
  return heldForDatabase<Listen>(db, LISTEN) ?? null;
}

/** Applies the migrations of `folder` (the project's own unless told) not yet applied. */
export async function migrateDatabase(database: Database, folder = migrationsFolder): Promise<void> {
  if (database.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: folder });
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

// A throwaway PostgreSQL cluster of this machine's Debian tooling (postgresql-common), for runs that stop
// and start the database server: the shared cluster on 5432 serves other people's tests and is never touched.
import { execFile, spawn, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import postgres from "postgres";

export type StopMode = "fast" | "immediate";

export interface PrivateCluster {
  /** The PostgreSQL major version it runs. */
  version: string;
  /** The superuser's connection string to the `postgres` database. */
  url: string;
  /** Stops the server: `fast` rolls back open transactions and closes connections; `immediate` is a crash. */
  stop(mode: StopMode): Promise<void>;
  /** Starts the server (in the background) and resolves, with the time it took, once it answers a query. */
  start(): Promise<number>;
  /** Stops the server and removes the cluster, configuration and data. Safe to call twice. */
  drop(): void;
}

function run(args: string[]): void {
  const [command, ...rest] = args;
  const result = spawnSync(command!, rest, { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(`${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim()}`);
  }
}

/** `run` without blocking the event loop (the fault run keeps its traffic going meanwhile). */
async function runAsync(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  try {
    await promisify(execFile)(command!, rest);
  } catch (error) {
    throw new Error(`${args.join(" ")} failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
  }
}

const ctl = (version: string, name: string, ...action: string[]) => ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, ...action];

/** Resolves once the server at `url` answers `select 1`, polling every 50 ms; rejects after `timeoutMs`. */
export async function waitForPostgres(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} did not answer within ${timeoutMs} ms: ${String(error)}`);
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Creates and starts cluster `name` of the newest installed PostgreSQL on `port`, with trust
 * authentication on loopback, and drops it again when this process exits (also on Ctrl-C or a crash),
 * whatever happened. A cluster of that name left over by an earlier run is dropped first. Needs root
 * (or the postgres user) and postgresql-common's pg_createcluster.
 */
export async function createPrivateCluster(name: string, port: number): Promise<PrivateCluster> {
  const versions = spawnSync("ls", ["/usr/lib/postgresql"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort((a, b) => Number(a) - Number(b));
  const version = versions.at(-1);
  if (!version || spawnSync("pg_createcluster", ["--version"]).error) throw new Error("pg_createcluster (postgresql-common) and a PostgreSQL server package are needed");
  spawnSync("pg_dropcluster", ["--stop", version, name]);

  let dropped = false;
  const drop = () => {
    if (dropped) return;
    dropped = true;
    spawnSync("pg_dropcluster", ["--stop", version, name]);
    process.removeListener("exit", drop);
  };
  process.once("exit", drop);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      drop();
      process.exit(130);
    });
  }

  run(["pg_createcluster", version, name, "-p", String(port), "--start-conf=manual", "--", "--auth=trust"]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const start = async () => {
    const started = performance.now();
    // pg_ctlcluster waits for readiness in steps of a second; the poll sees the server answer sooner.
    const [command, ...args] = ctl(version, name, "start");
    const starting = spawn(command!, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    starting.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const failed = new Promise<never>((_, reject) =>
      starting.once("exit", (code) => code !== 0 && reject(new Error(`pg_ctlcluster start failed (exit ${code}): ${stderr.trim()}`))),
    );
    failed.catch(() => {}); // a failure after the server answered is pg_ctlcluster's, not the server's
    await Promise.race([waitForPostgres(url), failed]);
    return performance.now() - started;
  };
  try {
    await start();
  } catch (error) {
    drop();
    throw error;
  }
  return { version, url, stop: (mode) => runAsync(ctl(version, name, "stop", "-m", mode)), start, drop };
}

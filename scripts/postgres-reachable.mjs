// Exits 0 when the PostgreSQL server for integration tests answers a query within a few seconds.
import postgres from "postgres";

const url = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const sql = postgres(url, { connect_timeout: 3, max: 1, onnotice: () => {} });
try {
  await sql`select 1`;
  process.exitCode = 0;
} catch {
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 1 }).catch(() => {});
}

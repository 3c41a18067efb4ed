import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind, testPostgresUrl } from "@/lib/testing/test-database";
import { copyOutWith } from "./copy-out";

const url = testPostgresUrl();
const copyOut = copyOutWith(url);
// Enough rows for many socket chunks, so that messages and their headers split across chunk edges.
const ROWS = 200_000;
const expected = Array.from({ length: ROWS }, (_, i) => `${i + 1}\n`).join("");

/** Everything the callback is handed, in order, and how the COPY ended. */
async function collect(statement: string, stopAfter = Infinity): Promise<{ text: string; completed: boolean; calls: number }> {
  const parts: Buffer[] = [];
  let calls = 0;
  const completed = await copyOut(statement, (data, from, to) => {
    calls += 1;
    parts.push(Buffer.from(data.subarray(from, to)));
    return calls < stopAfter;
  });
  return { text: Buffer.concat(parts).toString("utf8"), completed, calls };
}

describe.runIf(testDatabaseKind() === "postgres")("COPY … TO STDOUT read from the socket", () => {
  const schema = `kh_copy_${randomBytes(4).toString("hex")}`;
  let admin: import("postgres").Sql;

  beforeAll(async () => {
    const { default: postgres } = await import("postgres");
    admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create schema ${schema}`);
    // A function that makes the server send a NoticeResponse in the middle of the COPY data.
    await admin.unsafe(`create function ${schema}.noisy(n int) returns int language plpgsql as $$
      begin if n % 50000 = 0 then raise notice 'row %', n; end if; return n; end $$`);
  });
  afterAll(async () => {
    await admin.unsafe(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it("hands over every byte of the CopyData messages, in order, and nothing else", async () => {
    const result = await collect(`copy (select g from generate_series(1, ${ROWS}) g) to stdout`);
    expect(result.completed).toBe(true);
    expect(result.text).toBe(expected);
  });

  it("skips notices the server sends between rows", async () => {
    const result = await collect(`copy (select ${schema}.noisy(g) from generate_series(1, ${ROWS}) g) to stdout`);
    expect(result.completed).toBe(true);
    expect(result.text).toBe(expected);
  });

  it("stops when the callback says so, without reading on", async () => {
    const result = await collect(`copy (select g from generate_series(1, ${ROWS}) g) to stdout`, 3);
    expect(result.completed).toBe(false);
    expect(result.calls).toBe(3);
    expect(expected.startsWith(result.text)).toBe(true);
  });

  it("rejects with the server's error, before any data and in the middle of it", async () => {
    await expect(collect("copy (select 1 from no_such_table) to stdout")).rejects.toThrow(/no_such_table/);
    await expect(collect(`copy (select case when g = 150000 then 1 / (g - g) else g end from generate_series(1, ${ROWS}) g) to stdout`)).rejects.toThrow(
      /division by zero/,
    );
  });

  it("rejects with the callback's own error", async () => {
    const failing = copyOut(`copy (select g from generate_series(1, ${ROWS}) g) to stdout`, () => {
      throw new Error("not a binary COPY stream");
    });
    await expect(failing).rejects.toThrow("not a binary COPY stream");
  });

  it("ends its connection whether the COPY ran out or was stopped", async () => {
    const marker = `kh_marker_${randomBytes(4).toString("hex")}`;
    const backends = async () =>
      (await admin.unsafe(`select count(*)::int as count from pg_stat_activity where query like $1`, [`copy (select '${marker}'%`]))[0]!.count as number;
    for (let i = 0; i < 5; i++) expect((await collect(`copy (select '${marker}') to stdout`)).text).toBe(`${marker}\n`);
    await collect(`copy (select '${marker}', g from generate_series(1, 10000000) g) to stdout`, 2);
    // The server notices a dropped connection at its next write: soon, not necessarily at once.
    const deadline = Date.now() + 10_000;
    while ((await backends()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await backends()).toBe(0);
  });
});

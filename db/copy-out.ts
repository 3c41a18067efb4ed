/**
 * `COPY (…) TO STDOUT` as a byte stream, on a connection of its own, opened with node-postgres for
 * pg-copy-streams, which hands on the socket's bytes a chunk at a time (postgres.js makes a message object
 * per row, and 3.4 can leave its connection paused after a COPY, porsager/postgres#499). Verification reads
 * millions of rows this way. Kept apart from client.ts so that a worker thread can stream without loading
 * the rest of the data layer.
 */
export type CopyOut = (statement: string) => AsyncIterable<Buffer>;

export function copyOutWith(url: string): CopyOut {
  return async function* copyOut(statement: string) {
    const [{ default: pg }, { to: copyTo }] = await Promise.all([import("pg"), import("pg-copy-streams")]);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      const stream = client.query(copyTo(statement));
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      await client.end();
    }
  };
}

import type { Client, Connection } from "pg";

/**
 * `COPY (…) TO STDOUT` on a connection of its own, its bytes handed to a callback straight from the
 * socket's chunks: `onBytes(data, from, to)` gets each stretch of CopyData payload in place, no copy and no
 * object per row, and returns false to stop. Resolves true when the COPY ran to its end, false when the
 * callback stopped it; rejects with the server's error (or the callback's).
 *
 * node-postgres opens the connection (authentication, TLS, the server's parameters); this module reads
 * the COPY messages itself, as pg-copy-streams does, but without its per-message buffers and stream:
 * verification reads millions of rows this way and that machinery cost about a microsecond a row, a
 * fifth of the verifier's budget (BENCHMARKS.md, 2026-12-03). postgres.js makes a message object per row.
 * Kept apart from client.ts so that a worker thread can stream without loading the rest of the data layer.
 */
export type CopyOut = (statement: string, onBytes: (data: Buffer, from: number, to: number) => boolean) => Promise<boolean>;

// Backend messages that may arrive during COPY OUT (protocol §55.2.6): the data, and those the server may
// send at any time, which are skipped. Anything else ends the COPY (CopyDone, ErrorResponse): node-postgres
// reads it and what follows.
const COPY_DATA = 0x64; // d
const COPY_OUT_RESPONSE = 0x48; // H
const PASSING = new Set([0x4e /* NoticeResponse */, 0x53 /* ParameterStatus */, 0x41 /* NotificationResponse */]);

type SocketListener = (chunk: Buffer) => void;

/** A node-postgres "submittable" query: it takes the socket over from the protocol parser while COPY data flows. */
class CopyOutQuery {
  readonly done: Promise<boolean>;
  private settle!: (completed: boolean) => void;
  private fail!: (error: Error) => void;
  private connection: Connection | null = null;
  private parser: SocketListener | null = null;
  private settled = false;
  private stopped = false;
  // The message being read: its type, and how much of its body is still to come.
  private code = 0;
  private left = 0;
  // A message header split between two chunks.
  private readonly header = Buffer.alloc(5);
  private headerAt = 0;

  constructor(
    private readonly text: string,
    private readonly onBytes: (data: Buffer, from: number, to: number) => boolean,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
  }

  submit(connection: Connection) {
    this.connection = connection;
    const socket = connection.stream;
    const listeners = socket.listeners("data") as SocketListener[];
    if (listeners.length !== 1) throw new Error("unexpected listeners on the database connection's socket");
    this.parser = listeners[0]!;
    socket.removeListener("data", this.parser);
    socket.on("data", this.onSocket);
    connection.query(this.text);
  }

  /** Stopped by the callback: the connection is dropped, not handed back (the server is still sending). */
  get stoppedEarly(): boolean {
    return this.stopped;
  }

  private readonly onSocket = (chunk: Buffer) => {
    try {
      this.read(chunk);
    } catch (error) {
      this.finish(error as Error);
      this.stop();
    }
  };

  private read(chunk: Buffer) {
    let p = 0;
    const size = chunk.length;
    while (p < size) {
      if (this.left === 0) {
        const start = p;
        if (this.headerAt === 0 && p + 5 <= size) {
          this.code = chunk[p]!;
          this.left = chunk.readInt32BE(p + 1) - 4;
          p += 5;
        } else {
          while (this.headerAt < 5 && p < size) this.header[this.headerAt++] = chunk[p++]!;
          if (this.headerAt < 5) return;
          this.headerAt = 0;
          this.code = this.header[0]!;
          this.left = this.header.readInt32BE(1) - 4;
        }
        if (this.code !== COPY_DATA && this.code !== COPY_OUT_RESPONSE && !PASSING.has(this.code)) {
          // The end of the COPY, or an error: node-postgres reads it, from this message's first byte on.
          const rest = start + 5 === p ? chunk.subarray(start) : Buffer.concat([this.header, chunk.subarray(p)]);
          return this.handBack(rest);
        }
      }
      const end = Math.min(size, p + this.left);
      if (this.code === COPY_DATA && end > p && !this.onBytes(chunk, p, end)) return this.stop();
      this.left -= end - p;
      p = end;
    }
  }

  private handBack(rest: Buffer) {
    const socket = this.connection!.stream;
    socket.removeListener("data", this.onSocket);
    socket.on("data", this.parser!);
    this.parser!(rest);
  }

  private stop() {
    this.stopped = true;
    this.connection?.stream.removeListener("data", this.onSocket);
    this.finish(null, false);
  }

  private finish(error: Error | null, completed = true) {
    if (this.settled) return;
    this.settled = true;
    if (error) this.fail(error);
    else this.settle(completed);
  }

  // What node-postgres calls once it reads the messages after the COPY.
  handleError(error: Error) {
    this.finish(error);
  }

  handleCommandComplete() {}

  handleReadyForQuery() {
    this.finish(null);
  }
}

export function copyOutWith(url: string): CopyOut {
  return async (statement, onBytes) => {
    const { default: pg } = await import("pg");
    const client: Client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    // A connection dropped on purpose reports its end as an error: it has no one left to tell.
    client.on("error", () => {});
    await client.connect();
    const query = new CopyOutQuery(statement, onBytes);
    try {
      void client.query(query as never);
      return await query.done;
    } finally {
      if (query.stoppedEarly) client.connection.stream.destroy();
      else await client.end();
    }
  };
}

import type { Client } from "pg";

export interface ChannelHandlers {
  /** A notification on the channel (its payload). */
  notify(payload: string): void;
  /**
   * Whether notifications are being received: true once LISTEN has run, false from the moment the
   * connection is lost (notifications sent meanwhile are not delivered) until LISTEN runs again.
   */
  live(listening: boolean): void;
}

/** Stops listening; resolves once the listening connection has ended. */
export type StopListening = () => Promise<void>;

const RETRY_MS = 500;

/**
 * LISTEN on a PostgreSQL server through a connection of its own (pooled connections run other people's
 * statements, and a notification only reaches the session that listens), opened by node-postgres, whose
 * client reports notifications and the connection's end as events. A lost connection is reported at once
 * and a new one tried every half second until LISTEN runs again.
 */
export function listenOnServer(url: string, channel: string, handlers: ChannelHandlers): StopListening {
  let stopped = false;
  let client: Client | null = null;
  let retry: NodeJS.Timeout | undefined;

  function schedule() {
    if (stopped) return;
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), RETRY_MS);
    retry.unref();
  }

  function lost(which: Client) {
    if (client !== which) return;
    client = null;
    handlers.live(false);
    void which.end().catch(() => {});
    schedule();
  }

  async function connect() {
    if (stopped) return;
    const { default: pg } = await import("pg");
    if (stopped) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true });
    client = next;
    next.on("notification", (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? "");
    });
    next.on("error", () => lost(next));
    next.on("end", () => lost(next));
    try {
      await next.connect();
      await next.query(`listen "${channel.replaceAll('"', '""')}"`);
      if (client === next && !stopped) handlers.live(true);
    } catch {
      lost(next);
    }
  }

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    handlers.live(false);
    const last = client;
    client = null;
    await last?.end().catch(() => {});
  };
}

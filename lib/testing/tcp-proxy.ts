import net, { type AddressInfo } from "node:net";

/**
 * A TCP proxy on a loopback port in front of a real server, for tests of what a client does when the
 * server goes away: `cut()` drops every open connection at once (a server restart, seen from the client),
 * `stop()` also refuses new ones until `start()` listens on the same port again. It also counts what
 * clients send, for tests of how many writes a client makes.
 */
export class TcpProxy {
  port = 0;
  /** How many times a client's bytes arrived (one per write the client made, on loopback). */
  clientChunks = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on("data", () => (this.clientChunks += 1));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /**
   * Drops every open connection; new ones are still accepted. `reset` drops them with a TCP reset, which
   * the client sees as an error (ECONNRESET) before the close, instead of the end of the stream.
   */
  cut({ reset = false } = {}): void {
    for (const socket of this.sockets) {
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  /** Drops every open connection and stops listening: connections are refused until `start()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

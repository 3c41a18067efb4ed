import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A header's value from a raw message: unfolded, with its RFC 2047 encoded words (`=?UTF-8?B?…?=`) decoded. */
export function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return "";
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
      return new TextDecoder(charset).decode(bytes);
    });
}

export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
}

/**
 * A real SMTP server on a loopback port (smtp-server), for tests and fault runs: it keeps every message it
 * accepts, and can be stopped and started again on the same port — a mail server that is down.
 */
export class LocalSmtp {
  received: ReceivedMail[] = [];
  /** Recipients this server refuses for good (550), like a mailbox that does not exist. */
  refuses: (address: string) => boolean = () => false;
  private server: SMTPServer | null = null;

  /** `port` 0 takes a free port at the first start; later starts reuse it. */
  constructor(public port = 0) {}

  get running(): boolean {
    return this.server !== null;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refuses(address.address)) return callback();
        callback(Object.assign(new Error("No such mailbox here"), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const subject = headerOf(raw, "Subject");
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

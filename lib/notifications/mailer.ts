import nodemailer from "nodemailer";
import type { OutboxConfig } from "./config";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export interface Mailer {
  /** Where messages go: `smtp`, or `log` when no SMTP server is configured. */
  readonly transport: "smtp" | "log";
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** SMTP settings from a URL such as smtp://user:pass@host:587 or smtps://host:465. */
function smtpOptions(url: string) {
  const parsed = new URL(url);
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === "smtps:" ? 465 : 587)),
    secure: parsed.protocol === "smtps:",
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    // A mail server that is down must fail an attempt quickly, not hold the worker.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/**
 * nodemailer to the SMTP server of SMTP_URL. Without one (the demo), each message is written to the
 * server log instead, so that links in it (invitations, say) can still be followed — but never in a
 * production start (`delivery: "held"`), where there is no mailer and messages wait in the outbox.
 */
export function createMailer(config: OutboxConfig, log: (line: string) => void = (line) => console.info(line)): Mailer {
  if (config.delivery === "held") throw new Error("SMTP_URL is not set in a production start: emails are held in the outbox, and none is written to the log.");
  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport(smtpOptions(config.smtpUrl));
    return {
      transport: "smtp",
      async send(message) {
        const info = await transporter.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text, html: message.html ?? undefined });
        return { messageId: info.messageId };
      },
      close: () => transporter.close(),
    };
  }
  const transporter = nodemailer.createTransport({ jsonTransport: true });
  return {
    transport: "log",
    async send(message) {
      const info = await transporter.sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.text });
      log(`email (SMTP_URL is not set, so it is logged here, not sent) to ${message.to}: ${message.subject}\n${message.text}`);
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

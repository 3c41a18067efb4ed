import nodemailer from "nodemailer";
import type { OutboxConfig } from "./config";
import { smtpOptions } from "./smtp-url";

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

/** A URL's user name or password, percent-decoded; one that cannot be is said (never shown: it is a secret). */
function decodedCredential(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error(`SMTP_URL's ${what} has a % that is not followed by two hex digits: write a % in it as %25.`);
  }
}

/**
 * SMTP settings from a URL such as smtp://user:pass@host:587 or smtps://host:465; checked at start too
 * (outboxConfig). On smtp:// the session must be upgraded with STARTTLS before anything is sent
 * (`requireTLS`): a server, or anyone between, that leaves STARTTLS out would otherwise receive the login,
 * and invitation and reset links, in clear. `?starttls=off` lifts that, for a relay on the same host that
 * has no TLS — nothing else may be in the query.
 */
export function smtpOptions(url: string) {
  const parsed = new URL(url);
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  const query = [...parsed.searchParams.entries()];
  const clearAllowed = query.length === 1 && query[0]![0] === "starttls" && query[0]![1] === "off";
  if (query.length > 0 && (!clearAllowed || parsed.protocol === "smtps:")) {
    throw new Error("SMTP_URL's query may only be ?starttls=off, on smtp:// (a relay on the same host without TLS): remove the rest.");
  }
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === "smtps:" ? 465 : 587)),
    secure: parsed.protocol === "smtps:",
    requireTLS: parsed.protocol === "smtp:" && !clearAllowed,
    auth: parsed.username ? { user: decodedCredential(parsed.username, "user name"), pass: decodedCredential(parsed.password, "password") } : undefined,
    // A mail server that is down must fail an attempt quickly, not hold the worker.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

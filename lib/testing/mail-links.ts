/**
 * The secret of the first invitation or reset link to `path` in an email's text: the link carries it in
 * its fragment (`…/welcome#token=…`, lib/notifications/account-link-email.ts). Throws when there is none.
 */
export function accountLinkTokenIn(text: string, path: string): string {
  const link = new RegExp(`https?://\\S+${path}#token=\\S+`).exec(text);
  const token = link ? new URLSearchParams(new URL(link[0]).hash.slice(1)).get("token") : null;
  if (!token) throw new Error(`no ${path} link with a token in:\n${text}`);
  return token;
}

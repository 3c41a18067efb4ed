/**
 * A URL setting, checked without ever repeating it: a password holding `#`, `/`, `?` or `@` unencoded
 * makes the URL unparseable, and the parser's error carries the whole URL, password and all, into the log.
 */
export function urlSetting(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!URL.canParse(value)) throw new Error(`${name} is not a valid URL (characters such as # / ? @ in a user name or password must be percent-encoded, e.g. %23 for #).`);
  return value;
}

/**
 * The value of the first of `names` that is set and not empty. There is no built-in fallback: a key
 * written in the source would be everyone's key, so a missing secret stops the work that needs it, with
 * a message naming what to set (README, "Configuration").
 */
export function configuredSecret(names: readonly [string, ...string[]], purpose: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (const name of names) {
    const value = env[name];
    if (value) return value;
  }
  const [first, ...rest] = names;
  throw new Error(`${first}${rest.length ? ` (or ${rest.join(", or ")})` : ""} is not set: it is the key for ${purpose}.`);
}

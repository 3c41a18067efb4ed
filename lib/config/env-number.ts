/**
 * A whole number from the environment within [min, max], or `fallback` when unset: anything else (a unit
 * written in, a fraction, zero where it would stop the work, a value past what the consumer can hold) is
 * refused by name, so that a server does not start with a setting it would misread.
 */
export function wholeNumberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, { min, max }: { min: number; max: number }): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return value;
}

/**
 * `promise`'s value, or "timed out" when it has not settled within `ms`: for tests of what must answer
 * rather than hang (a reconnecting pool, a driver's failed statement). The timer never outlives the race.
 */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<"timed out">((resolve) => (timer = setTimeout(() => resolve("timed out"), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

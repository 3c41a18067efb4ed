type GlobalWithLoops = typeof globalThis & { __kakehashiLoops?: Map<string, NodeJS.Timeout> };

/**
 * Runs `work` once after `firstMs`, then every `everyMs`, for the life of the process; once per name,
 * however often it is asked (a dev server reloads modules). A pass still running when the next is due
 * makes that one skip. A failed pass is logged, at most once a minute, and the next pass tries again.
 * The timers never keep the process alive.
 */
export function startPeriodic(name: string, { firstMs, everyMs }: { firstMs: number; everyMs: number }, work: () => Promise<unknown>): void {
  const g = globalThis as GlobalWithLoops;
  const loops = (g.__kakehashiLoops ??= new Map());
  if (loops.has(name)) return;
  let lastErrorAt = 0;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (error) {
      if (Date.now() - lastErrorAt > 60_000) {
        lastErrorAt = Date.now();
        console.error(`${name}: this pass failed; the next one retries`, error);
      }
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => {
    void run();
    const every = setInterval(() => void run(), everyMs);
    every.unref();
    loops.set(name, every);
  }, firstMs);
  first.unref();
  loops.set(name, first);
}

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

/**
 * Something the process needs started (the job queue), started now and, while that fails, again every
 * `retryMs`. `current()` answers it once it is up and throws until then: work that only asks it for
 * something (a checkpoint, an outbox run) fails that pass and asks again at its next, instead of waiting
 * for it, or never starting.
 */
export function startUntilUp<T>(name: string, retryMs: number, start: () => Promise<T>): { current(): T } {
  let started: { value: T } | undefined;
  const attempt = async () => {
    try {
      started = { value: await start() };
    } catch (error) {
      console.error(`${name} could not start; retrying in ${retryMs / 1000} s`, error);
      setTimeout(() => void attempt(), retryMs).unref();
    }
  };
  void attempt();
  return {
    current() {
      if (!started) throw new Error(`${name} has not started yet`);
      return started.value;
    },
  };
}

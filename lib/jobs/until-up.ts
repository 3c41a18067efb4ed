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

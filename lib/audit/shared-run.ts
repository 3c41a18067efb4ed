/**
 * One run of `work` at a time in this process: a call made while a run is in progress waits for that run
 * and gets its outcome instead of starting another. A call after it has settled starts a new run.
 */
export function sharedRun<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    running ??= work().finally(() => {
      running = null;
    });
    return running;
  };
}

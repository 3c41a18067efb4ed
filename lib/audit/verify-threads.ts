import os from "node:os";
import { Worker } from "node:worker_threads";
import type { TaskRunner } from "./range-check";
import type { WorkerInput, WorkerReply, WorkerRequest } from "./verify-worker";

/**
 * Verification on worker threads: each thread checks COPY ranges on a connection of its own, taking the
 * next range when it is free, so that checking (SHA-256 and the canonical encoding, most of the cost)
 * runs on every core beside the server processes producing the rows. For command-line tools and tests:
 * the workers load TypeScript through tsx, which the Next server does not have (its verification stays
 * on one thread, `inProcessRunner`).
 */
export function threadedRunner(threads = Math.min(2, os.availableParallelism())): (url: string) => TaskRunner {
  return (url) => (tasks, seals, onOutcome) =>
    new Promise<void>((resolve, reject) => {
      const workerData: WorkerInput = { url, seals: [...seals].map(([seq, hashes]) => [seq, [...hashes]]) };
      const workers = Array.from({ length: Math.max(1, Math.min(threads, tasks.length)) }, () =>
        new Worker(new URL("./verify-worker.mjs", import.meta.url), { workerData }),
      );
      let next = 0;
      let firstBad = Infinity;
      let busy = 0;
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        for (const w of workers) void w.terminate();
        if (error) reject(error);
        else resolve();
      };
      const dispatch = (worker: Worker) => {
        // Ranges after the first one with a problem are not needed; every one before it is.
        if (next < tasks.length && next <= firstBad) {
          const request: WorkerRequest = { index: next, task: tasks[next]! };
          next += 1;
          busy += 1;
          worker.postMessage(request);
        } else if (busy === 0) {
          finish();
        }
      };
      for (const worker of workers) {
        worker.on("message", (reply: WorkerReply) => {
          busy -= 1;
          if ("error" in reply) return finish(new Error(reply.error));
          if (reply.outcome.bad) firstBad = Math.min(firstBad, reply.index);
          onOutcome(reply.index, reply.outcome);
          dispatch(worker);
        });
        worker.on("error", (error) => finish(error));
        worker.on("exit", (code) => {
          if (!settled) finish(new Error(`a verification worker stopped with exit code ${code}`));
        });
        dispatch(worker);
      }
    });
}

import { parentPort, workerData } from "node:worker_threads";
import { copyOutWith } from "../../db/copy-out";
import { checkCopyTask, type CopyTask, type RangeOutcome, type Seals } from "./range-check";

/**
 * A verification worker: checks the COPY ranges the main thread hands it, one at a time, on connections
 * of its own, and posts each outcome back. Relative imports only: it runs outside the bundler.
 */
export interface WorkerInput {
  url: string;
  seals: [number, string[]][];
}
export interface WorkerRequest {
  index: number;
  task: CopyTask;
}
export type WorkerReply = { index: number; outcome: RangeOutcome } | { index: number; error: string };

const input = workerData as WorkerInput;
const seals: Seals = new Map(input.seals);
const copyOut = copyOutWith(input.url);
const port = parentPort!;

port.on("message", (request: WorkerRequest) => {
  checkCopyTask(request.task, seals, copyOut).then(
    (outcome) => port.postMessage({ index: request.index, outcome } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ index: request.index, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});

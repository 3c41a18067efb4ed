// Entry of a verification worker thread (verify-threads.ts): the worker is TypeScript, loaded through
// tsx's module hooks, which a worker thread does not inherit from the thread that started it.
import { register } from "tsx/esm/api";

register();
await import("./verify-worker.ts");

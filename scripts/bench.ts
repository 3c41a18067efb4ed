// `npm run bench [-- --quick] [--only audit,disclosures,insights,demo,page-weight]`: every benchmark in
// one run, and one table of every figure with its target and whether it is met. Runs bench:audit,
// bench:disclosures and bench:insights (each prints its own table, which is collected from its output),
// then measures the time from `npm run demo` on an empty data folder to a served sign-in page, and the
// first-load JavaScript of the main routes from the build (scripts/page-weight.ts). `--quick` passes
// small sizes to each benchmark (minutes instead of half an hour; its figures are not the targets' sizes);
// `--only` runs the named parts. Needs PostgreSQL and wrk, as the benchmarks it runs do (README, "Benchmarks").
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDemoServer } from "./demo-server";
import { keyRoutes, kib, pageWeights, sharedWeight } from "./page-weight";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" } } });
const only = values.only?.split(",").map((name) => name.trim());
const runs = (part: string) => !only || only.includes(part);
const root = path.resolve(import.meta.dirname, "..");
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

interface Row {
  benchmark: string;
  figure: string;
  value: string;
  target: string;
  verdict: string;
}

/** Runs a command, streaming its stderr (progress), and answers its stdout. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** The figure rows of a benchmark's markdown table (`| figure | value | target | verdict |`). */
function tableRows(benchmark: string, output: string): Row[] {
  const rows: Row[] = [];
  for (const line of output.split("\n")) {
    const cells = line.trim().match(/^\|(.*)\|$/)?.[1]?.split("|").map((c) => c.trim());
    if (!cells || cells.length < 4 || cells[0] === "figure" || /^-+$/.test(cells[0]!)) continue;
    rows.push({ benchmark, figure: cells[0]!, value: cells[1]!, target: cells[2]!, verdict: cells[3]! });
  }
  return rows;
}

const quick = values.quick;
const benchmarks: { name: string; script: string; args: string[] }[] = [
  { name: "audit", script: "scripts/bench-audit.ts", args: quick ? ["--small", "10000", "--large", "100000", "--seconds", "3"] : [] },
  { name: "disclosures", script: "scripts/bench-disclosures.ts", args: quick ? ["--seconds", "3", "--submissions", "50"] : [] },
  { name: "insights", script: "scripts/bench-insights.ts", args: quick ? ["--companies", "500", "--runs", "5"] : [] },
];

const rows: Row[] = [];
for (const bench of benchmarks.filter((b) => runs(b.name))) {
  log(`running ${bench.script} ${bench.args.join(" ")}`);
  const { code, stdout } = await run(process.execPath, ["--import", "tsx", bench.script, ...bench.args]);
  const found = tableRows(bench.name, stdout);
  if (code !== 0 || found.length === 0) rows.push({ benchmark: bench.name, figure: `${bench.script} failed (exit ${code})`, value: "—", target: "—", verdict: "NOT met" });
  // Small sizes are not the sizes the targets name: their verdicts say so.
  rows.push(...found.map((r) => (quick && r.verdict ? { ...r, verdict: `${r.verdict} (quick sizes)` } : r)));
}

if (runs("demo")) {
  // `npm run demo` on an empty data folder (the build already made, or made now if stale), until the
  // sign-in page is served.
  log("timing npm run demo on an empty data folder");
  const demo = await startDemoServer({ port: Number(process.env.BENCH_DEMO_PORT ?? 3292) }).catch((error: unknown) => {
    log(String(error));
    return null;
  });
  await demo?.stop();
  if (!demo) rows.push({ benchmark: "demo", figure: "npm run demo did not serve /sign-in within 180 s", value: "—", target: "—", verdict: "NOT met" });
  else rows.push({ benchmark: "demo", figure: "`npm run demo` on an empty data folder to a served sign-in page (build present)", value: `${demo.startSeconds.toFixed(1)} s`, target: "—", verdict: "" });
}

if (runs("page-weight")) {
  try {
    const weights = pageWeights();
    for (const w of [sharedWeight(weights), ...weights.filter((w) => keyRoutes.includes(w.route))]) {
      if (w) rows.push({ benchmark: "page weight", figure: `first-load JS, ${w.route === "shared by every page" ? w.route : `\`${w.route}\``}`, value: `${kib(w.bytes)} (${kib(w.gzipBytes)} gzipped)`, target: "—", verdict: "" });
    }
  } catch (error) {
    rows.push({ benchmark: "page weight", figure: `first-load JS: ${error instanceof Error ? error.message : String(error)}`, value: "—", target: "—", verdict: "" });
  }
}

console.log(`\nall benchmarks${quick ? " (--quick: small sizes, not the targets')" : ""} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average at the end ${os.loadavg()[0]!.toFixed(1)}\n`);
console.log("| benchmark | figure | value | target | |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.benchmark} | ${r.figure} | ${r.value} | ${r.target} | ${r.verdict} |`);
const withTarget = rows.filter((r) => r.verdict.startsWith("met") || r.verdict.startsWith("NOT"));
console.log(`\n${withTarget.filter((r) => r.verdict.startsWith("met")).length} of ${withTarget.length} targets met${quick ? " at quick sizes, which prove nothing about the targets" : ""}`);

// `npm run bench [-- --quick]`: every benchmark in one run, and one table of every figure with its target
// and whether it is met. Runs bench:audit, bench:disclosures and bench:insights (each prints its own
// table, which is collected from its output), then measures the time from `npm run demo` on an empty
// data folder to a served sign-in page, and the JavaScript the sign-in page loads. `--quick` passes
// small sizes to each benchmark (minutes instead of half an hour; its figures are not the targets' sizes).
// Needs PostgreSQL and wrk, as the benchmarks it runs do (README, "Benchmarks").
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
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
for (const bench of benchmarks) {
  log(`running ${bench.script} ${bench.args.join(" ")}`);
  const { code, stdout } = await run(process.execPath, ["--import", "tsx", bench.script, ...bench.args]);
  const found = tableRows(bench.name, stdout);
  if (code !== 0 || found.length === 0) rows.push({ benchmark: bench.name, figure: `${bench.script} failed (exit ${code})`, value: "—", target: "—", verdict: "NOT met" });
  // Small sizes are not the sizes the targets name: their verdicts say so.
  rows.push(...found.map((r) => (quick && r.verdict ? { ...r, verdict: `${r.verdict} (quick sizes)` } : r)));
}

/** `npm run demo` on an empty data folder (the build already made), until the sign-in page is served. */
async function demoStart(): Promise<{ seconds: number; scriptBytes: number; scriptGzipBytes: number } | null> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kh-bench-demo-"));
  const port = 3292;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PGLITE_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "" },
    stdio: "ignore",
    detached: true,
  });
  try {
    while (performance.now() - started < 180_000) {
      const page = await fetch(`http://127.0.0.1:${port}/sign-in`).catch(() => null);
      if (page?.ok) {
        const seconds = (performance.now() - started) / 1000;
        const html = await page.text();
        const scripts = [...new Set(html.match(/\/_next\/static\/[^"'\s]+\.js/g) ?? [])];
        let scriptBytes = 0;
        let scriptGzipBytes = 0;
        for (const src of scripts) {
          const body = Buffer.from(await (await fetch(`http://127.0.0.1:${port}${src}`)).arrayBuffer());
          scriptBytes += body.length;
          scriptGzipBytes += gzipSync(body).length;
        }
        return { seconds, scriptBytes, scriptGzipBytes };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return null;
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

log("timing npm run demo on an empty data folder");
const demo = await demoStart();
if (!demo) rows.push({ benchmark: "demo", figure: "npm run demo did not serve /sign-in within 180 s", value: "—", target: "—", verdict: "NOT met" });
else {
  rows.push({ benchmark: "demo", figure: "`npm run demo` on an empty data folder to a served sign-in page (build present)", value: `${demo.seconds.toFixed(1)} s`, target: "—", verdict: "" });
  rows.push({ benchmark: "page weight", figure: "JavaScript the sign-in page loads", value: `${(demo.scriptBytes / 1024).toFixed(0)} KiB (${(demo.scriptGzipBytes / 1024).toFixed(0)} KiB gzipped)`, target: "—", verdict: "" });
}

console.log(`\nall benchmarks${quick ? " (--quick: small sizes, not the targets')" : ""} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average at the end ${os.loadavg()[0]!.toFixed(1)}\n`);
console.log("| benchmark | figure | value | target | |\n|---|---|---|---|---|");
for (const r of rows) console.log(`| ${r.benchmark} | ${r.figure} | ${r.value} | ${r.target} | ${r.verdict} |`);
const withTarget = rows.filter((r) => r.verdict.startsWith("met") || r.verdict.startsWith("NOT"));
console.log(`\n${withTarget.filter((r) => r.verdict.startsWith("met")).length} of ${withTarget.length} targets met${quick ? " at quick sizes, which prove nothing about the targets" : ""}`);

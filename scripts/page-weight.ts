// `npx tsx scripts/page-weight.ts [--all]`, after `next build`: the JavaScript each page route makes a
// browser download on its first load, raw and gzipped, read from the build's manifests (no server).
// `npm run bench` prints the same figures through `pageWeights()`.
//
// Next 16 with Turbopack prints no "First Load JS" column, so it is computed the way the server writes
// the page's <script> tags: the root main files of `.next/build-manifest.json` (the framework and the
// Turbopack runtime; the `polyfillFiles` are `noModule` and a current browser skips them) plus, from the
// page's client reference manifest (`page_client-reference-manifest.js`), the `entryJSFiles` of every
// layout, template and the page itself on its route. The root `not-found` and `global-error` entries of
// that manifest are left out: their chunks are fetched only when they render. `npm run lighthouse`
// counts the script bytes Chromium actually downloads on the pages it audits, and prints them beside
// these figures as a check.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");

export interface Script {
  /** `/_next/static/chunks/….js` */
  src: string;
  bytes: number;
  gzipBytes: number;
}

export interface PageWeight {
  /** The URL pattern, e.g. `/company/disclosures/[id]`. */
  route: string;
  scripts: Script[];
  bytes: number;
  gzipBytes: number;
}

interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

/** Segments whose client chunks are part of a first load: the route's layouts, templates, boundaries and page. */
const firstLoadEntry = /\/(layout|template|page|loading|error)$/;

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

function weigh(route: string, scripts: Script[]): PageWeight {
  return { route, scripts, bytes: scripts.reduce((n, s) => n + s.bytes, 0), gzipBytes: scripts.reduce((n, s) => n + s.gzipBytes, 0) };
}

/** Every app page route of the build in `nextDir`, with its first-load scripts and their sizes. */
export function pageWeights(nextDir = path.join(root, ".next")): PageWeight[] {
  if (!fs.existsSync(path.join(nextDir, "BUILD_ID"))) throw new Error(`no production build in ${nextDir}: run \`npx next build\` first`);
  const build = readJson<{ rootMainFiles: string[] }>(path.join(nextDir, "build-manifest.json"));
  const routes = readJson<Record<string, string>>(path.join(nextDir, "app-path-routes-manifest.json"));
  const scripts = new Map<string, Script>();
  const script = (file: string): Script => {
    let found = scripts.get(file);
    if (!found) {
      const body = fs.readFileSync(path.join(nextDir, file));
      found = { src: `/_next/${file}`, bytes: body.length, gzipBytes: gzipSync(body).length };
      scripts.set(file, found);
    }
    return found;
  };

  const weights: PageWeight[] = [];
  for (const [entry, route] of Object.entries(routes)) {
    if (!entry.endsWith("/page")) continue;
    const manifestFile = path.join(nextDir, "server", "app", `${entry}_client-reference-manifest.js`);
    if (!fs.existsSync(manifestFile)) continue;
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST[entry]; run it in a sandbox.
    const sandbox: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
    vm.runInNewContext(fs.readFileSync(manifestFile, "utf8"), sandbox);
    const files = new Set(build.rootMainFiles);
    for (const [segment, chunks] of Object.entries(sandbox.__RSC_MANIFEST?.[entry]?.entryJSFiles ?? {})) {
      if (!segment.startsWith("[project]/app/") || !firstLoadEntry.test(segment)) continue;
      for (const chunk of chunks) if (chunk.endsWith(".js")) files.add(chunk);
    }
    weights.push(weigh(route, [...files].map(script)));
  }
  return weights.sort((a, b) => a.route.localeCompare(b.route));
}

/** The scripts every page loads (the framework, the Turbopack runtime, the root layout's). */
export function sharedWeight(weights: PageWeight[]): PageWeight | null {
  if (weights.length === 0) return null;
  const everywhere = weights[0]!.scripts.filter((s) => weights.every((w) => w.scripts.some((t) => t.src === s.src)));
  return weigh("shared by every page", everywhere);
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The routes a person opens first; `--all` prints every page route. */
export const keyRoutes = ["/sign-in", "/company", "/company/disclosures/[id]", "/agency", "/oversight", "/oversight/events", "/admin"];

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const weights = pageWeights();
  const shown = process.argv.includes("--all") ? weights : weights.filter((w) => keyRoutes.includes(w.route));
  console.log("| route | first-load JS | gzipped | scripts |\n|---|---|---|---|");
  for (const w of [sharedWeight(weights), ...shown]) if (w) console.log(`| ${w.route} | ${kib(w.bytes)} | ${kib(w.gzipBytes)} | ${w.scripts.length} |`);
}

import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? "data/e2e";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], testIgnore: /auth\.setup\.ts/ },
  ],
  webServer: {
    // A fresh embedded database for every run, served from the production build (`npm test` builds first).
    // Every spec signs in from the one loopback address, like staff behind one office proxy: the address
    // rule of the throttle gets the raised limits such a site would set (README, "Sign-in throttling");
    // the account rule keeps its defaults. As behind one proxy, the last X-Forwarded-For entry is the client's:
    // a spec tells addresses apart that way.
    command: `rm -rf ${dataDir} && PGLITE_DIR=${dataDir}/pglite PORT=${port} SKIP_BUILD=1 DEMO_MODE=1 TRUSTED_PROXY_HOPS=1 THROTTLE_ADDRESS_BACKOFF_AFTER=100 THROTTLE_ADDRESS_LOCKOUT_AFTER=200 npx tsx scripts/demo.ts`,
    url: `http://127.0.0.1:${port}/api/health`,
    // The demo migrates and seeds a fresh database first: about a minute on an idle machine, twice that under load.
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});

import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Unit tests are pure; integration tests open a fresh database per file (PGlite by default,
// TEST_DATABASE=postgres for a throwaway database on TEST_POSTGRES_URL's server).
export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: root }],
  },
  test: {
    // The keys the services need (TOTP sealing, pseudonyms) have no built-in fallback: a fresh one per run.
    env: { AUTH_SECRET: process.env.AUTH_SECRET || randomBytes(32).toString("base64") },
    // next-auth imports `next/server` without an extension, which Node's ESM resolver refuses;
    // inlined, it goes through Vite's resolver instead.
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["{lib,db,scripts,components}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          // The property tests run hundreds of cases (about a second on a quiet machine): a loaded CI host
          // must not fail them on time alone.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["{lib,db,scripts}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});

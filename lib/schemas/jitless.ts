import { config } from "zod";

// zod probes whether it may compile parsers with `new Function("")`. In the browser our CSP allows no
// 'unsafe-eval', so the probe is refused, and although zod catches the error, Chromium still reports a
// Content-Security-Policy violation on every page with a form (Lighthouse counts it against best
// practices). jitless skips the probe. It must be set before the first schema is built, so every module
// that builds schemas for the browser imports this file ahead of zod (lib/schemas/jitless.test.ts checks
// it). A side-effect import, not a re-exported `z`: through a re-export the bundler kept all of zod's
// locales (+270 KiB on every page with a form). The server keeps the JIT.
if (typeof window !== "undefined") config({ jitless: true });

// A value missing where one is required is said in the catalogue's words (`validation.required`), as a field
// left empty is, on the API and in forms alike: zod's own text ("Invalid input: expected string, received
// undefined") is English only and speaks of types. A schema's own message for the case still comes first.
config({ customError: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "validation.required" : undefined) });

import { describe, expect, it } from "vitest";
import { appUrlFrom } from "@/lib/config/app-url";
import { isProductionStart } from "@/lib/security/headers";
import { imageServerArguments, standaloneEnv } from "./production-server";

describe("the production image's server command, which the smoke test and the benchmarks run", () => {
  it("is read from the Dockerfile: Node with a 64 MB young generation, then server.js", () => {
    expect(imageServerArguments()).toEqual(["--max-semi-space-size=64", "server.js"]);
  });

  it("is the last CMD, not the health check's, whatever comes between", () => {
    const dockerfile = `FROM x AS migrate\nCMD ["npx", "tsx", "scripts/db-migrate.ts"]\nFROM y\nHEALTHCHECK --interval=15s \\\n  CMD ["node", "-e", "1"]\nCMD ["node", "server.js"]\n`;
    expect(imageServerArguments(dockerfile)).toEqual(["server.js"]);
  });

  it("refuses a command it could not run the same way: shell form, another program, or none", () => {
    for (const dockerfile of ["CMD node server.js\n", 'CMD ["npm", "start"]\n', 'CMD ["node", "other.js"]\n', "FROM x\n"]) {
      expect(() => imageServerArguments(dockerfile)).toThrow(/last CMD is not \["node", …, "server\.js"\]/);
    }
  });
});

describe("the standalone server's environment, which the smoke test, the benchmarks and the fault runs start it with", () => {
  it("is a production start whose links point at the server's own address, unless told another", () => {
    const env = standaloneEnv(3200, { DATABASE_URL: "postgres://127.0.0.1/kh" });
    expect(isProductionStart(env)).toBe(true);
    expect(appUrlFrom(env)).toBe("http://127.0.0.1:3200");
    expect(appUrlFrom(standaloneEnv(3200, { APP_URL: "https://kakehashi.example/" }))).toBe("https://kakehashi.example");
  });
});

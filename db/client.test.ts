import { describe, expect, it } from "vitest";
import { configFromEnv } from "./client";

describe("the database configuration from the environment", () => {
  it("opens the embedded PGlite without DATABASE_URL, and the server with it", () => {
    expect(configFromEnv({ PGLITE_DIR: "/tmp/k" })).toEqual({ dataDir: "/tmp/k" });
    expect(configFromEnv({})).toEqual({ dataDir: "./data/pglite" });
    expect(configFromEnv({ DATABASE_URL: "postgres://a@h/db" })).toEqual({ url: "postgres://a@h/db" });
  });

  it("takes a read replica for the audit reads beside the server, and refuses one without a server", () => {
    expect(configFromEnv({ DATABASE_URL: "postgres://a@h/db", DATABASE_REPLICA_URL: "postgres://a@r/db" })).toEqual({
      url: "postgres://a@h/db",
      replicaUrl: "postgres://a@r/db",
    });
    expect(() => configFromEnv({ DATABASE_REPLICA_URL: "postgres://a@r/db" })).toThrow(/DATABASE_REPLICA_URL .*set DATABASE_URL/);
  });
});

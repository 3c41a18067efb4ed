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

  it("takes pool sizes as whole numbers from 1 to 1000, and refuses anything else by name", () => {
    const url = "postgres://a@h/db";
    expect(configFromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: "20", DATABASE_REPLICA_URL: url, DATABASE_REPLICA_POOL_SIZE: "3" })).toEqual({
      url,
      poolSize: 20,
      replicaUrl: url,
      replicaPoolSize: 3,
    });
    for (const bad of ["0", "-1", "2.5", "abc", "1001"]) {
      expect(() => configFromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE must be a whole number/);
      expect(() => configFromEnv({ DATABASE_URL: url, DATABASE_REPLICA_URL: url, DATABASE_REPLICA_POOL_SIZE: bad })).toThrow(/DATABASE_REPLICA_POOL_SIZE/);
    }
  });

  it("refuses a database URL it cannot parse without repeating it (its password would reach the log)", () => {
    for (const env of [{ DATABASE_URL: "postgres://kakehashi:ab#cd@db:5432/kakehashi" }, { DATABASE_URL: "postgres://a@h/db", DATABASE_REPLICA_URL: "postgres://r:ab#cd@r/db" }]) {
      let message = "";
      try {
        configFromEnv(env);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^DATABASE_(REPLICA_)?URL is not a valid URL/);
      expect(message).not.toContain("ab#cd");
    }
  });
});

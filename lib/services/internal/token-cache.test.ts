import { describe, expect, it } from "vitest";
import { TokenCache, type CachedToken } from "./token-cache";

const token = (expiresAt = Date.now() + 3_600_000): CachedToken => ({
  id: "t1",
  prefix: "khk_AAAAAAAA",
  userId: "u1",
  orgId: "o1",
  role: "agency_reviewer",
  orgType: "agency",
  expiresAt,
  lastUsedAt: null,
});

const listening = () => {
  const cache = new TokenCache(1_000, 3);
  cache.setListening(true);
  return cache;
};

describe("the token cache", () => {
  it("keeps nothing while it cannot hear of changes", () => {
    const cache = new TokenCache();
    cache.keep("k", token(), cache.begin());
    expect(cache.get("k")).toBeUndefined();
    const live = listening();
    live.keep("k", token(), live.begin());
    live.setListening(false);
    expect(live.get("k")).toBeUndefined();
    expect(live.size).toBe(0);
  });

  it("answers what it kept, per key", () => {
    const cache = listening();
    cache.keep("digest 192.0.2.1", token(), cache.begin());
    expect(cache.get("digest 192.0.2.1")).toMatchObject({ id: "t1", role: "agency_reviewer" });
    expect(cache.get("digest 192.0.2.2")).toBeUndefined();
  });

  it("does not keep a lookup that began before a change was heard of", () => {
    const cache = listening();
    const begun = cache.begin();
    cache.drop(); // a revocation committed while the lookup was on its way
    cache.keep("k", token(), begun);
    expect(cache.get("k")).toBeUndefined();
  });

  it("forgets everything on a change, and what it kept too long ago or what has expired", () => {
    const cache = listening();
    const now = Date.now();
    cache.keep("a", token(), cache.begin(), now);
    cache.drop();
    expect(cache.get("a", now)).toBeUndefined();
    cache.keep("old", token(), cache.begin(), now);
    expect(cache.get("old", now + 999)).toBeDefined();
    expect(cache.get("old", now + 1_001)).toBeUndefined();
    cache.keep("expiring", token(now + 10), cache.begin(), now);
    expect(cache.get("expiring", now + 9)).toBeDefined();
    expect(cache.get("expiring", now + 10)).toBeUndefined();
  });

  it("holds at most its number of entries, letting the oldest go", () => {
    const cache = listening();
    for (const key of ["a", "b", "c", "d"]) cache.keep(key, token(), cache.begin());
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("d")).toBeDefined();
  });
});

import { describe, expect, it } from "vitest";
import { appUrl } from "@/lib/advisories/emails";
import { appUrlFrom } from "./app-url";

const production = (APP_URL?: string): NodeJS.ProcessEnv => ({ NODE_ENV: "production", PORT: "3000", ...(APP_URL === undefined ? {} : { APP_URL }) });

describe("APP_URL, the address the portal's links point to", () => {
  it("is taken as its origin: http or https, with at most a trailing slash", () => {
    expect(appUrlFrom(production("https://kakehashi.example"))).toBe("https://kakehashi.example");
    expect(appUrlFrom(production(" https://kakehashi.example/ "))).toBe("https://kakehashi.example");
    expect(appUrlFrom(production("HTTPS://Portal.Kakehashi.example:8443/"))).toBe("https://portal.kakehashi.example:8443");
    expect(appUrlFrom(production("https://kakehashi.example:443"))).toBe("https://kakehashi.example");
    expect(appUrlFrom(production("http://127.0.0.1:3100"))).toBe("http://127.0.0.1:3100");
    // What the emails link to is that origin.
    expect(appUrl(production("https://kakehashi.example/"))).toBe("https://kakehashi.example");
  });

  it("must be set in a production start; the demo and development fall back to localhost on PORT", () => {
    for (const unset of [undefined, "", "  "]) {
      expect(() => appUrlFrom(production(unset))).toThrow("APP_URL is not set: a production server needs the portal's public address for the links in its emails, such as https://kakehashi.example.");
    }
    expect(appUrlFrom({ NODE_ENV: "production", DEMO_MODE: "1", PORT: "3100" })).toBe("http://localhost:3100");
    expect(appUrlFrom({ NODE_ENV: "development" })).toBe("http://localhost:3000");
    expect(appUrlFrom({ NODE_ENV: "test", PORT: "4000", APP_URL: "" })).toBe("http://localhost:4000");
  });

  it.each([
    ["kakehashi.example", "APP_URL is not an absolute URL: give the portal's public address, such as https://kakehashi.example."],
    ["/kakehashi", "APP_URL is not an absolute URL: give the portal's public address, such as https://kakehashi.example."],
    ["https://", "APP_URL is not an absolute URL: give the portal's public address, such as https://kakehashi.example."],
    ["ftp://kakehashi.example", "APP_URL must start with http:// or https://, such as https://kakehashi.example."],
    ["mailto:admin@kakehashi.example", "APP_URL must start with http:// or https://, such as https://kakehashi.example."],
    ["https://admin:s3cret@kakehashi.example", "APP_URL must not carry a user name or password: it is written into every email's links."],
    ["https://admin@kakehashi.example", "APP_URL must not carry a user name or password: it is written into every email's links."],
    ["https://kakehashi.example/?lang=ja", "APP_URL must have no query (?…): give the portal's address alone, such as https://kakehashi.example."],
    ["https://kakehashi.example?", "APP_URL must have no query (?…): give the portal's address alone, such as https://kakehashi.example."],
    ["https://kakehashi.example/#top", "APP_URL must have no fragment (#…): give the portal's address alone, such as https://kakehashi.example."],
    ["https://kakehashi.example#", "APP_URL must have no fragment (#…): give the portal's address alone, such as https://kakehashi.example."],
    ["https://kakehashi.example/portal", 'APP_URL must have no path beyond "/": the portal is served from the root of its address, such as https://kakehashi.example.'],
    ["https://kakehashi.example//", 'APP_URL must have no path beyond "/": the portal is served from the root of its address, such as https://kakehashi.example.'],
  ])("refuses %s, saying what is wrong", (value, message) => {
    expect(() => appUrlFrom(production(value))).toThrow(message);
    // Wherever it is set: a development server would write the same links.
    expect(() => appUrlFrom({ NODE_ENV: "development", APP_URL: value })).toThrow(message);
  });

  it("never repeats the value it refuses: a password written into it would reach the log", () => {
    for (const value of ["https://admin:s3cret@kakehashi.example", "https://kakehashi.example/?token=s3cret", "ftp://s3cret.example", "https://s3cret:pa ss@"]) {
      expect(() => appUrlFrom(production(value))).toThrow(/^APP_URL /);
      expect(() => appUrlFrom(production(value))).not.toThrow(/s3cret/);
    }
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataFolderLockedError, lockDataFolder } from "./lock";

// The lock treats any live pid as the holder (this process included), so other holders are child processes.

let dir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kh-lock-"));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

const lockFile = () => path.join(dir, "kakehashi.lock");

/** A child node process that takes the lock itself (writes its pid into the lock file) and stays alive. */
function childHoldingLock(): Promise<ChildProcess> {
  const script = `
    const fs = require("node:fs");
    fs.writeFileSync(process.argv[1], String(process.pid), { flag: "wx" });
    process.stdout.write("locked\\n");
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["-e", script, lockFile()], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
    child.stdout!.once("data", () => resolve(child));
  });
}

/** The pid of a child process that has already exited. */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", () => resolve(child.pid!));
  });
}

describe("lockDataFolder", () => {
  it("takes a free folder, writes this pid, and releases it", () => {
    const release = lockDataFolder(dir);
    expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile())).toBe(false);
    release();
  });

  it("creates the folder when it does not exist", () => {
    const nested = path.join(dir, "a", "b");
    const release = lockDataFolder(nested);
    expect(fs.existsSync(path.join(nested, "kakehashi.lock"))).toBe(true);
    release();
  });

  it("refuses a second lock while this process holds the folder", () => {
    const release = lockDataFolder(dir);
    try {
      expect(() => lockDataFolder(dir)).toThrow(DataFolderLockedError);
    } finally {
      release();
    }
  });

  it("takes over a lock naming this process's id that this process never took (a restarted container's server gets its predecessor's id)", () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(lockFile(), String(process.pid));
    const release = lockDataFolder(dir);
    try {
      expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
      expect(() => lockDataFolder(dir)).toThrow(DataFolderLockedError);
    } finally {
      release();
    }
  });

  it("refuses a folder held by another live process, naming the folder and the pid", async () => {
    const holder = await childHoldingLock();
    let caught: unknown;
    try {
      lockDataFolder(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataFolderLockedError);
    const message = (caught as Error).message;
    expect(message).toContain(dir);
    expect(message).toContain(`process ${holder.pid}`);
    expect(message).toMatch(/DATABASE_URL/);
    // The holder's lock is left alone.
    expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(holder.pid));
  });

  it("takes over a stale lock left by a process that has exited", async () => {
    const pid = await deadPid();
    fs.writeFileSync(lockFile(), String(pid));
    const release = lockDataFolder(dir);
    expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it("takes over a lock file whose content is not a pid", () => {
    fs.writeFileSync(lockFile(), "garbage");
    const release = lockDataFolder(dir);
    expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
    release();
  });
});

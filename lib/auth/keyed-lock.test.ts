import { describe, expect, it } from "vitest";
import { KeyedLock } from "@/lib/auth/keyed-lock";

describe("KeyedLock", () => {
  it("runs work for one key one at a time, in order, and other keys alongside", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const step = (key: string, name: string, ms: number) =>
      lock.run(key, async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`end ${name}`);
      });
    await Promise.all([step("a", "a1", 20), step("a", "a2", 1), step("b", "b1", 5)]);
    expect(log.indexOf("end a1")).toBeLessThan(log.indexOf("start a2"));
    expect(log.indexOf("start b1")).toBeLessThan(log.indexOf("end a1"));
  });

  it("goes on after a failure", async () => {
    const lock = new KeyedLock();
    await expect(lock.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await lock.run("a", async () => 42)).toBe(42);
  });
});

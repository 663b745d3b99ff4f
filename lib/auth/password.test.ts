import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";

/**
 * The share of the time the event loop was busy while `work` ran (Node's event loop utilisation): 0 when it
 * only waited, 1 when it never got to anything else. A ratio of the loop's own time, so a slow or busy
 * machine does not move it the way it moves a timing.
 */
async function loopBusyDuring(work: () => Promise<unknown>): Promise<number> {
  const before = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(before).utilization;
}

describe("password verification (F7)", () => {
  it("verifies argon2id off the event loop: a burst of sign-ins leaves it free for the health check", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const burst = () => Promise.all(Array.from({ length: 12 }, (_, i) => (i % 3 ? verifyPassword(`wrong ${i}`, stored) : verifyAgainstDummy(`unknown ${i}`))));
    expect(await loopBusyDuring(burst)).toBeLessThan(0.5); // 0.08–0.16 measured; bcrypt below gives 1
  });

  it("(the measure sees a stall) bcrypt in JavaScript, as sign-in verified before, keeps the loop busy", async () => {
    const stored = bcrypt.hashSync("correct horse battery staple", 10);
    const burst = () => Promise.all(Array.from({ length: 4 }, (_, i) => verifyPassword(`wrong ${i}`, stored)));
    expect(await loopBusyDuring(burst)).toBeGreaterThan(0.8);
  });

  it("still verifies a password hashed by bcrypt in earlier versions", async () => {
    const stored = bcrypt.hashSync("correct horse battery staple", 4);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("wrong", stored)).toBe(false);
  });
});

/**
 * F7: does a burst of sign-ins stall the server? 60 password verifications at once, as the penetration
 * test sent, with the event loop's delay sampled meanwhile: bcryptjs (pure JavaScript, the hash before
 * issue 15) against argon2id through @node-rs/argon2 (the thread pool). Also the time a known and an
 * unknown username take (the unknown one verifies a dummy hash). Writes bench/results/sign-in-stall.json.
 *
 *   npx tsx bench/sign-in-stall.ts [--parallel 60]
 */
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";

const at = process.argv.indexOf("--parallel");
const parallel = at > 0 ? Number(process.argv[at + 1]) : 60;

async function stall(label: string, verify: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  // A "health check": a timer that should fire every 10 ms.
  const lateness: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lateness.push(now - last - 10);
    last = now;
  }, 10);
  histogram.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, verify));
  const wallMs = performance.now() - started;
  histogram.disable();
  clearInterval(timer);
  return {
    label,
    parallel,
    wallMs: Math.round(wallMs),
    eventLoopDelayMaxMs: Math.round(histogram.max / 1e6),
    eventLoopDelayP99Ms: Math.round(histogram.percentile(99) / 1e6),
    timerLatenessMaxMs: Math.round(Math.max(0, ...lateness)),
  };
}

async function main() {
  const password = "the password under test";
  const bcryptHash = await bcrypt.hash(password, 11); // COST of the code before issue 15
  const argonHash = await hashPassword(password);
  const results = {
    at: new Date().toISOString(),
    bcryptjs: await stall("bcryptjs cost 11 (before)", () => bcrypt.compare("wrong password", bcryptHash)),
    argon2id: await stall("argon2id m=19456 t=2 p=1 (after)", () => verifyPassword("wrong password", argonHash)),
    knownVsUnknown: await (async () => {
      await verifyAgainstDummy("warm-up");
      const time = async (work: () => Promise<unknown>) => {
        const started = performance.now();
        for (let i = 0; i < 20; i++) await work();
        return Math.round((performance.now() - started) / 20);
      };
      return { knownMs: await time(() => verifyPassword("wrong", argonHash)), unknownMs: await time(() => verifyAgainstDummy("wrong")) };
    })(),
  };
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/sign-in-stall.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Where the CLI writes: results on stdout, everything else (progress, warnings, errors) on stderr, one
 * line each, so `blastmap collect … > batch.json` stays clean.
 */
import type { CollectProgress } from "@/lib/collectors/types";

export interface CliIo {
  out(text: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** Progress lines at most twice a second, plus the last one of each phase. */
export function progressPrinter(io: CliIo): (update: CollectProgress) => void {
  let lastAt = 0;
  let lastPhase = "";
  return (update) => {
    const now = Date.now();
    if (update.phase === lastPhase && now - lastAt < 500 && update.done !== update.total) return;
    lastAt = now;
    lastPhase = update.phase;
    const count = update.done === undefined ? "" : update.total ? ` ${update.done}/${update.total}` : ` ${update.done}`;
    const percent = update.done !== undefined && update.total ? ` (${Math.floor((100 * update.done) / update.total)}%)` : "";
    io.err(`… ${update.phase}${count}${percent}`);
  };
}

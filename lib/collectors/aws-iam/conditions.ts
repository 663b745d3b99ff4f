/**
 * What a Condition block does to a statement, decided offline.
 *
 * The rule (brief and DESIGN.md): a condition that cannot be shown to restrict counts as allowing, and the
 * edge says `conditional: true`. We only prove a condition *impossible* where the answer does not depend on
 * the request: date comparisons on the clock keys. `aws:CurrentTime` is at least the analysis time for any
 * future request; `aws:TokenIssueTime` is absent for long-term keys and otherwise at most 36 hours old
 * (the longest temporary-credential lifetime), so `DateLessThan aws:TokenIssueTime 2020-01-01` can never
 * be true today. Everything else is "unknown": the statement applies, conditionally.
 */
export type ConditionState = "none" | "unknown" | "impossible";

const MAX_TOKEN_AGE_MS = 36 * 60 * 60 * 1000;

function parseDate(value: unknown): number | null {
  if (typeof value === "number") return value * 1000;
  if (typeof value !== "string") return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Earliest value the clock key can take in a request made at or after `now`; null when not a clock key. */
function earliestClockValue(key: string, now: number): number | null {
  const lower = key.toLowerCase();
  if (lower === "aws:currenttime" || lower === "aws:epochtime") return now;
  if (lower === "aws:tokenissuetime") return now - MAX_TOKEN_AGE_MS;
  return null;
}

/** Can this one operator/key test ever be true? Multiple values are OR-ed. */
function isTestPossible(operator: string, key: string, values: unknown[], now: number): boolean {
  const op = operator.toLowerCase();
  if (op.endsWith("ifexists")) return true;
  const earliest = earliestClockValue(key, now);
  if (earliest === null) return true;
  const dates = values.map(parseDate).filter((d): d is number => d !== null);
  if (dates.length !== values.length) return true;
  switch (op) {
    case "datelessthan":
      return dates.some((d) => earliest < d);
    case "datelessthanequals":
      return dates.some((d) => earliest <= d);
    case "dateequals":
      return dates.some((d) => d >= earliest);
    default:
      return true;
  }
}

/** Tests in a Condition block are AND-ed: one impossible test makes the statement impossible. */
export function assessCondition(condition: unknown, now: number): ConditionState {
  if (condition === undefined || condition === null) return "none";
  if (typeof condition !== "object" || Array.isArray(condition)) return "unknown";
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length === 0) return "none";
  for (const [operator, tests] of entries) {
    if (!tests || typeof tests !== "object") continue;
    for (const [key, raw] of Object.entries(tests as Record<string, unknown>)) {
      const values = Array.isArray(raw) ? raw : [raw];
      if (!isTestPossible(operator, key, values, now)) return "impossible";
    }
  }
  return "unknown";
}

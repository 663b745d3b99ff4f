/**
 * What a findings list shows, as the URL says it: the one parser shared by the findings page, its
 * exports (CSV, SARIF) and the CLI, so "the current filter" means the same everywhere. Multi-valued
 * filters repeat their parameter (`?severity=critical&severity=high`); an absent status means open (the
 * work list), `status=all` means any.
 */
import { z } from "zod";
import { FINDING_SEVERITIES, FINDING_STATUSES } from "@/lib/db/schema";
import { RULE_IDS } from "@/lib/findings/types";

export const FINDING_SORTS = ["severity", "title", "subject", "rule", "status", "lastSeen"] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;
const DEFAULT_PAGE_SIZE = 50;

/** Several values of one parameter; unknown values are dropped rather than failing the whole page. */
const many = <T extends string>(values: readonly T[]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()))].filter((s): s is T => (values as readonly string[]).includes(s)));

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

const querySchema = z.object({
  q: z.preprocess(first, z.string().trim().max(200).catch("")).optional().transform((v) => v ?? ""),
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => {
      // Absent: the work list (open). Present but naming no status (the form's checkboxes all cleared, it
      // always sends an empty `status`), or `all`: any status.
      if (v === undefined) return ["open"] as FindingStatusFilter;
      const values = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(","));
      if (values.includes("all")) return [] as FindingStatusFilter;
      const known = values.filter((s): s is (typeof FINDING_STATUSES)[number] => (FINDING_STATUSES as readonly string[]).includes(s));
      return [...new Set(known)] as FindingStatusFilter;
    }),
  severity: many(FINDING_SEVERITIES),
  rule: many(RULE_IDS),
  agent: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => /^\d{1,10}$/.test(s)).map(Number))]),
  sort: z.preprocess(first, z.enum(FINDING_SORTS).catch("severity")).optional().transform((v) => v ?? "severity"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).catch("asc")).optional().transform((v) => v ?? "asc"),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)).optional().transform((v) => v ?? 1),
  size: z
    .preprocess(first, z.coerce.number().int().catch(DEFAULT_PAGE_SIZE))
    .optional()
    .transform((v) => ((PAGE_SIZES as readonly number[]).includes(v ?? 0) ? (v as number) : DEFAULT_PAGE_SIZE)),
});

type FindingStatusFilter = (typeof FINDING_STATUSES)[number][];
export type FindingQuery = z.infer<typeof querySchema>;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

/** Parses a findings URL's parameters; never throws: what it does not understand falls back to the default. */
export function parseFindingQuery(params: Params): FindingQuery {
  const record: Record<string, string | string[]> = {};
  if (params instanceof URLSearchParams) {
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      record[key] = values.length === 1 ? values[0] : values;
    }
  } else {
    for (const [key, value] of Object.entries(params)) if (value !== undefined) record[key] = value;
  }
  return querySchema.parse(record);
}

/** The query as URL parameters, defaults left out; `changes` override (e.g. another page or sort). */
export function findingQueryParams(query: FindingQuery, changes: Partial<FindingQuery> = {}): URLSearchParams {
  const q = { ...query, ...changes };
  const params = new URLSearchParams();
  if (q.q) params.set("q", q.q);
  if (q.status.length === 0) params.set("status", "all");
  else if (!(q.status.length === 1 && q.status[0] === "open")) for (const s of q.status) params.append("status", s);
  for (const s of q.severity) params.append("severity", s);
  for (const r of q.rule) params.append("rule", r);
  for (const a of q.agent) params.append("agent", String(a));
  if (q.sort !== "severity") params.set("sort", q.sort);
  if (q.dir !== "asc") params.set("dir", q.dir);
  if (q.page !== 1) params.set("page", String(q.page));
  if (q.size !== DEFAULT_PAGE_SIZE) params.set("size", String(q.size));
  return params;
}

/** The filter alone (no sort direction, page or size): what an export of "the current filter" takes. */
export function findingFilterParams(query: FindingQuery): URLSearchParams {
  return findingQueryParams(query, { page: 1, size: DEFAULT_PAGE_SIZE });
}

export function isFilterNarrowed(query: FindingQuery): boolean {
  return Boolean(query.q) || query.severity.length > 0 || query.rule.length > 0 || query.agent.length > 0 || !(query.status.length === 1 && query.status[0] === "open");
}

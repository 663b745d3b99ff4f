import { describe, expect, it } from "vitest";
import type { FindingSeverity } from "@/lib/db/schema";
import * as backup from "@/lib/findings/rules/backup-in-blast-radius";
import * as outside from "@/lib/findings/rules/credential-outside-task";
import * as destructive from "@/lib/findings/rules/destructive-reach";
import * as dormant from "@/lib/findings/rules/dormant-credential";
import * as deny from "@/lib/findings/rules/ineffective-deny";
import * as longLived from "@/lib/findings/rules/long-lived-credential";
import * as recovery from "@/lib/findings/rules/no-independent-recovery";
import * as overScoped from "@/lib/findings/rules/over-scoped-credential";
import * as escalation from "@/lib/findings/rules/privilege-escalation";
import * as shared from "@/lib/findings/rules/shared-credential";
import * as ungated from "@/lib/findings/rules/ungated-destructive-agent";
import { SEVERITY_REASONS, severityReason } from "@/lib/findings/severity-reasons";
import { RULE_IDS } from "@/lib/findings/types";

const bools = [true, false];

/** Every severity each rule can give, from its own severity function over all its inputs. */
const OUTCOMES: Record<string, FindingSeverity[]> = {
  [backup.id]: bools.flatMap((a) => bools.map((b) => backup.severity(a, b))),
  [outside.id]: bools.map((a) => outside.severity(a)),
  [destructive.id]: bools.flatMap((more) => [0, 1].map((d1Count) => destructive.severity({ d1Count, d1TakesMore: more }))),
  [dormant.id]: bools.map((a) => dormant.severity(a)),
  [deny.id]: bools.map((a) => deny.severity(a)),
  [longLived.id]: bools.flatMap((a) => bools.map((b) => longLived.severity(a, b))),
  [recovery.id]: bools.map((a) => recovery.severity(a)),
  [overScoped.id]: bools.flatMap((more) =>
    [new Set(["D1"]), new Set(["D2"]), new Set(["D3"])].map((classes) => overScoped.severity({ classes, takesMore: more } as Parameters<typeof overScoped.severity>[0])),
  ),
  [escalation.id]: bools.map((a) => escalation.severity(a)),
  [shared.id]: bools.map((a) => shared.severity(a)),
  [ungated.id]: bools.map((a) => ungated.severity(a)),
};

describe("severity reasons", () => {
  it("explain every severity every rule can give, and nothing else", () => {
    expect(Object.keys(OUTCOMES).sort()).toEqual([...RULE_IDS].sort());
    for (const rule of RULE_IDS) {
      const outcomes = [...new Set(OUTCOMES[rule])].sort();
      expect(Object.keys(SEVERITY_REASONS[rule]).sort(), rule).toEqual(outcomes);
      for (const severity of outcomes) expect(severityReason(rule, severity), `${rule} ${severity}`).toBeTruthy();
    }
  });
});

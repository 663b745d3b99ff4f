/**
 * "Where enforcement lives": for each destructive class, what would stand between this agent and such a
 * call (the Blastmap guard, a third-party hook, its own permission rules, or only its prompt), beside how
 * many resources of that class it reaches. Server-rendered; the text comes from collected configs and is
 * rendered as text, bounded in lib/guard/enforcement.
 */
import { CLASS_MEANING } from "@/components/graph/node-style";
import { ENFORCEMENT_LABEL, type ClassEnforcement } from "@/lib/guard/enforcement";

const COUNT = new Intl.NumberFormat("en-US");

export function EnforcementTable({ rows, reached }: { rows: ClassEnforcement[]; reached: Partial<Record<string, number>> }) {
  return (
    <section aria-labelledby="h-enforcement" className="enforcement">
      <h2 id="h-enforcement">Where enforcement lives</h2>
      <p className="muted small">
        Is it a system prompt, a flag or a runtime? For each destructive class, what would stop this agent&apos;s call before it runs.
      </p>
      <div className="table-scroll">
        <table className="data" aria-label="Enforcement by class">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Reaches</th>
              <th scope="col">Enforcement</th>
              <th scope="col">What happens to such a call</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.class} data-testid="enforcement-row" data-class={row.class} data-level={row.level}>
                <td>
                  <span className={`badge ${row.class}`}>{row.class}</span> <span className="small">{CLASS_MEANING[row.class]}</span>
                </td>
                <td className="enforcement-reach">{reached[row.class] ? `${COUNT.format(reached[row.class]!)} ${reached[row.class] === 1 ? "resource" : "resources"}` : <span className="muted">none</span>}</td>
                <td>
                  <span className={`enforcement-level level-${row.level}`}>{ENFORCEMENT_LABEL[row.level]}</span>
                </td>
                <td className="small">
                  {row.summary}
                  {row.details.map((detail) => (
                    <span key={detail} className="muted enforcement-detail">
                      {detail}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

"use client";

/**
 * The explorer's side panel for one node: its properties as a list of facts (not JSON), links to its own
 * page, and for a resource or recovery copy, who can destroy it. Every value is collected data: rendered
 * as text, each bounded.
 */
import { KIND_STYLE } from "@/components/graph/node-style";
import type { CanvasNode } from "@/lib/graph/layout";
import type { NodeDetails, PanelDestroyer, PanelDestroyers } from "@/lib/graph/node-details";
import { nodeHref } from "@/lib/links";

const MAX_TEXT = 300;
const MAX_ITEMS = 20;

export function NodePanel({
  node,
  details,
  destroyers,
  onExpand,
  busy,
}: {
  node: CanvasNode;
  details: NodeDetails | null;
  destroyers: PanelDestroyers | null;
  onExpand: () => void;
  busy: boolean;
}) {
  const style = KIND_STYLE[node.kind];
  const ownPage = node.nodeId !== undefined && ["agent", "resource", "recovery_copy", "credential"].includes(node.kind) ? nodeHref(node.kind, node.nodeId) : null;
  return (
    <div data-testid="node-details">
      <p className="muted small panel-kind">{style.label}{node.aggregate ? " group" : ""}</p>
      <h2 className="panel-title">{node.aggregate ? `+${node.aggregate.count} ${style.plural}` : node.label}</h2>
      <div className="panel-actions">
        <button className="button small" type="button" onClick={onExpand} disabled={busy}>
          {node.aggregate ? `Show these ${style.plural}` : "Expand neighbours"}
        </button>
        {ownPage ? (
          <a className="button secondary small" href={ownPage}>
            {node.kind === "agent" ? "What can it reach?" : node.kind === "credential" ? "Credential page" : "Who can destroy it?"}
          </a>
        ) : null}
      </div>
      {destroyers ? <DestroyerSummary destroyers={destroyers} resourceHref={ownPage} /> : null}
      {details ? (
        <>
          <h3 className="small-heading">Properties</h3>
          <dl className="kv small">
            <dt>Connections</dt>
            <dd>{details.degree.out} outgoing, {details.degree.in} incoming</dd>
            {details.isRef ? (
              <>
                <dt>Reported by</dt>
                <dd>another source only (a reference)</dd>
              </>
            ) : null}
            <dt>Key</dt>
            <dd><code>{bound(details.key)}</code></dd>
            {Object.entries(details.props).map(([k, v]) => (
              <div key={k} className="kv-row">
                <dt>{humanize(k)}</dt>
                <dd><Value name={k} value={v} /></dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </div>
  );
}

function DestroyerSummary({ destroyers, resourceHref }: { destroyers: PanelDestroyers; resourceHref: string | null }) {
  const { counts } = destroyers;
  const total = counts.agents + counts.credentials + counts.identities;
  return (
    <section aria-label="Who can destroy this" data-testid="panel-destroyers">
      <h3 className="small-heading">Who can destroy it</h3>
      {total === 0 ? (
        <p className="small muted">No agent, credential or identity, as far as the graph knows.</p>
      ) : (
        <>
          <p className="small muted">
            {counts.agents} agents, {counts.credentials} credentials, {counts.identities} identities (D1 on it or on what it dies with).
          </p>
          <DestroyerLinks title="Agents" list={destroyers.agents} total={counts.agents} />
          <DestroyerLinks title="Credentials" list={destroyers.credentials} total={counts.credentials} />
          {resourceHref ? <a className="small" href={resourceHref}>All of them, with their paths →</a> : null}
        </>
      )}
    </section>
  );
}

function DestroyerLinks({ title, list, total }: { title: string; list: PanelDestroyer[]; total: number }) {
  if (list.length === 0) return null;
  return (
    <>
      <p className="small panel-sub">{title}</p>
      <ul className="plain small destroyer-links">
        {list.map((d) => (
          <li key={d.id}>
            <span className={`badge ${d.class}`}>{d.class}</span> <a href={nodeHref(d.kind, d.id)}>{bound(d.name)}</a>{" "}
            <span className="muted">{bound(d.action)}{d.via ? ` on ${bound(d.via)}` : ""}</span>
          </li>
        ))}
        {total > list.length ? <li className="muted">and {total - list.length} more</li> : null}
      </ul>
    </>
  );
}

/** A property value as text: lists as lists, objects as nested facts, booleans as yes / no. */
function Value({ name, value, depth = 0 }: { name: string; value: unknown; depth?: number }) {
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  if (typeof value === "boolean") return <>{value ? "yes" : "no"}</>;
  if (typeof value === "number") return <>{value.toLocaleString("en")}</>;
  if (typeof value === "string") return <>{bound(value)}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    if (name === "locations") {
      return (
        <ul className="plain">
          {value.slice(0, MAX_ITEMS).map((l, i) => {
            const loc = (l ?? {}) as { file?: unknown; line?: unknown; envVar?: unknown };
            return (
              <li key={i} className="loc">
                {bound(String(loc.file ?? "?"))}
                {typeof loc.line === "number" ? `:${loc.line}` : ""}
                {typeof loc.envVar === "string" ? ` (${bound(loc.envVar)})` : ""}
              </li>
            );
          })}
          {value.length > MAX_ITEMS ? <li className="muted">and {value.length - MAX_ITEMS} more</li> : null}
        </ul>
      );
    }
    return (
      <ul className="plain value-list">
        {value.slice(0, MAX_ITEMS).map((v, i) => (
          <li key={i}><Value name={name} value={v} depth={depth + 1} /></li>
        ))}
        {value.length > MAX_ITEMS ? <li className="muted">and {value.length - MAX_ITEMS} more</li> : null}
      </ul>
    );
  }
  if (typeof value === "object" && depth < 2) {
    return (
      <dl className="kv nested">
        {Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS).map(([k, v]) => (
          <div key={k} className="kv-row">
            <dt>{humanize(k)}</dt>
            <dd><Value name={k} value={v} depth={depth + 1} /></dd>
          </div>
        ))}
      </dl>
    );
  }
  return <>{bound(JSON.stringify(value))}</>;
}

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function bound(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

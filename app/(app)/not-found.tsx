import Link from "@/components/ui/link";

/** What an unknown agent, resource, credential, finding or source id shows, inside the app's frame. */
export default function NotFound() {
  return (
    <section className="not-found" aria-labelledby="h-not-found">
      <p className="muted small">404</p>
      <h1 id="h-not-found">Nothing here</h1>
      <p>
        This page names something Blastmap does not know, or no longer knows: a sweep may have pruned it (a source stopped reporting it), or
        the link was mistyped.
      </p>
      <ul className="plain not-found-links">
        <li><Link href="/">Overview</Link></li>
        <li><Link href="/agents">Agents</Link></li>
        <li><Link href="/findings">Findings</Link></li>
        <li><Link href="/graph">Search the graph</Link></li>
      </ul>
    </section>
  );
}

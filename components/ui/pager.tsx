import Link from "@/components/ui/link";

/** Previous / next and a few page numbers around the current one; the URL holds the page. */
export function Pager({ page, pages, hrefFor, label }: { page: number; pages: number; hrefFor: (page: number) => string; label: string }) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? <Link href={hrefFor(page - 1)} rel="prev">← Previous</Link> : <span className="muted">← Previous</span>}
      {shown.map((p, i) => (
        <span key={p}>
          {i > 0 && p - shown[i - 1] > 1 ? <span className="muted">… </span> : null}
          {p === page ? <strong aria-current="page">{p}</strong> : <Link href={hrefFor(p)}>{p}</Link>}
        </span>
      ))}
      {page < pages ? <Link href={hrefFor(page + 1)} rel="next">Next →</Link> : <span className="muted">Next →</span>}
    </nav>
  );
}

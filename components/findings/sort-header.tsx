import Link from "@/components/ui/link";
import type { FindingQuery, FindingSort } from "@/lib/findings/finding-query";

/** A column header that sorts by its column; a second click reverses the order. */
export function SortHeader({ label, column, query, hrefFor }: { label: string; column: FindingSort; query: FindingQuery; hrefFor: (changes: Partial<FindingQuery>) => string }) {
  const active = query.sort === column;
  const nextDir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={hrefFor({ sort: column, dir: nextDir, page: 1 })} title={`Sort by ${label.toLowerCase()}`}>
        {label} <span aria-hidden="true">{active ? (query.dir === "asc" ? "▲" : "▼") : ""}</span>
      </Link>
    </th>
  );
}

/**
 * The audit log as CSV, with the page's filters, streamed in batches so any size fits in bounded memory.
 * The export itself is recorded.
 */
import { defineRoute } from "@/lib/api/define-route";
import { AUDIT_CSV_HEADER, auditCsvRow } from "@/lib/audit/audit-csv";
import { auditQuerySchema, toAuditFilter } from "@/lib/audit/audit-filter";
import { iterateAuditEntries } from "@/lib/db/queries/audit";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  route: "GET /audit/export",
  query: auditQuerySchema,
  audit: { action: "audit.export", target: ({ request }) => new URL(request.url).search.slice(0, 200) || "all" },
  handler: async ({ db, query }) => {
    const batches = iterateAuditEntries(db, toAuditFilter(query));
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${AUDIT_CSV_HEADER.join(",")}\r\n`));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map(auditCsvRow).join("")));
      },
      async cancel() {
        await batches.return(undefined);
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="blastmap-audit-${stamp}.csv"`, "cache-control": "no-store" },
    });
  },
});

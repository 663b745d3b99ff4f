/**
 * GET /api/v1/findings/export?format=csv|sarif&<the findings page's filter>: the findings the filter
 * matches, as a download. Any signed-in user may export what they can see.
 */
import { exportQuerySchema } from "@/app/api/v1/findings/export/schema";
import { defineRoute } from "@/lib/api/define-route";
import { exportFindings } from "@/lib/findings/export/export-findings";
import { parseFindingQuery } from "@/lib/findings/finding-query";
import packageJson from "@/package.json";

export const GET = defineRoute({
  route: "GET /api/v1/findings/export",
  query: exportQuerySchema,
  async handler({ db, query, request }) {
    // Repeated parameters (severity=critical&severity=high) are read from the URL itself: the wrapper's
    // query object keeps one value per name.
    const url = new URL(request.url);
    const file = await exportFindings(db, parseFindingQuery(url.searchParams), query.format, { version: packageJson.version, baseUrl: url.origin });
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "x-total-count": String(file.total),
        "x-exported-count": String(file.exported),
        "cache-control": "no-store",
      },
    });
  },
});

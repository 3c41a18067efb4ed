import { CSV_BOM } from "@/lib/csv/encode";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { exportAuditEvents } from "@/lib/services/export-audit-events";

export const dynamic = "force-dynamic";

// Lines are sent in chunks of about this many bytes: small enough to stream, large enough not to
// cost a write per line.
const CHUNK_BYTES = 64 * 1024;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => {
    // Refusals and bad filters are thrown here, before the response starts, and answer problem+json.
    const lines = (await exportAuditEvents({ ctx, input: queryObject(new URL(request.url).searchParams) }))[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(CSV_BOM));
      },
      async pull(controller) {
        try {
          let chunk = "";
          while (chunk.length < CHUNK_BYTES) {
            const next = await lines.next();
            if (next.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk));
              controller.close();
              return;
            }
            chunk += next.value;
          }
          controller.enqueue(encoder.encode(chunk));
        } catch (error) {
          // Past the status line: the download can only be cut short, which the client sees as an error.
          console.error(`[${ctx.requestId}] audit export failed while streaming`, error);
          controller.error(error);
        }
      },
      async cancel() {
        await lines.return?.();
      },
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-events-${stamp}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  }),
});

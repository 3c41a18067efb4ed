import { CSV_BOM } from "@/lib/csv/encode";

// Lines are sent in chunks of about this many bytes: small enough to stream, large enough not to
// cost a write per line.
const CHUNK_BYTES = 64 * 1024;

/** `<name>-<the time now>.csv`: the name of an export that holds the log as it stood at the download. */
export function stampedCsvName(name: string): string {
  return `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.csv`;
}

/** A CSV download saved as `filename`: the byte-order mark first, then `content` — a whole text, or streamed lines. */
export function csvDownload(content: string | AsyncIterable<string>, { filename, requestId }: { filename: string; requestId: string }): Response {
  const body = typeof content === "string" ? CSV_BOM + content : csvStream(content, requestId);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * `lines` (each a whole record) as a byte stream pulled as the client reads: an export is never built in
 * memory. A failure past the status line can only cut the download short; it is logged under the request id.
 */
function csvStream(lines: AsyncIterable<string>, requestId: string): ReadableStream<Uint8Array> {
  const iterator = lines[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM));
    },
    async pull(controller) {
      try {
        let chunk = "";
        while (chunk.length < CHUNK_BYTES) {
          const next = await iterator.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        console.error(`[${requestId}] CSV export failed while streaming`, error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

import { contextFromHeaders } from "@/lib/auth/request-context";
import { apiMethods } from "@/lib/http/api-route";
import { problemFromError } from "@/lib/http/problem";
import { readDisclosureForBenchmark } from "@/lib/services/read-disclosure-for-benchmark";

export const dynamic = "force-dynamic";

// The benchmark's bare reference (scripts/bench-disclosures.ts): no session, no token, no audit; 404
// unless the bench turned it on. Not part of the API, so not in the OpenAPI document.
async function get(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const ctx = await contextFromHeaders(request.headers, null);
  try {
    return Response.json(await readDisclosureForBenchmark({ ctx, input: { id: (await params).id } }));
  } catch (error) {
    return problemFromError(error, ctx.requestId);
  }
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({ GET: get });

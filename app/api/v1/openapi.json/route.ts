import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(buildOpenApiDocument());
}

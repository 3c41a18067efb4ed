import { apiMethods } from "@/lib/http/api-route";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-static";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: async () => Response.json(buildOpenApiDocument()),
});

import { randomUUID } from "node:crypto";
import { apiMethods } from "@/lib/http/api-route";
import { problem } from "@/lib/http/problem";
import { checkHealth } from "@/lib/services/check-health";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: async () => {
    try {
      return Response.json(await checkHealth(), { headers: { "cache-control": "no-store" } });
    } catch (error) {
      const requestId = randomUUID();
      console.error(`[${requestId}] health check failed`, error);
      return problem(503, "The database is not reachable.", requestId);
    }
  },
});

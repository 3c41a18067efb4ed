import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { sealAuditCheckpoint } from "@/lib/services/seal-audit-checkpoint";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  // 201 for a checkpoint made now; 200 with the newest when nothing was chained since it.
  POST: apiRoute(async ({ ctx }) => {
    const { checkpoint, created } = await sealAuditCheckpoint({ ctx, input: undefined });
    return json(checkpoint, { status: created ? 201 : 200 });
  }),
});

import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { sealAuditCheckpoint } from "@/lib/services/seal-audit-checkpoint";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  POST: apiRoute(async ({ ctx }) => json(await sealAuditCheckpoint({ ctx, input: undefined }), { status: 201 })),
});

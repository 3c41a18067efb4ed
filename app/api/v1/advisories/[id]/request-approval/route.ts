import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, params }) => json(await requestAdvisoryApproval({ ctx, input: { id: params.id } }))),
});

import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { withdrawDisclosure } from "@/lib/services/withdraw-disclosure";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, params }) => json(await withdrawDisclosure({ ctx, input: { id: params.id } }))),
});

import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { getMe } from "@/lib/services/get-me";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx }) => json(await getMe({ ctx, input: undefined }))),
});

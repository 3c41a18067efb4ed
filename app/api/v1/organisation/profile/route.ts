import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-body";
import { getOwnProfile } from "@/lib/services/get-own-profile";
import { updateOwnProfile } from "@/lib/services/update-own-profile";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx }) => json(await getOwnProfile({ ctx, input: undefined }))),
  PUT: apiRoute(async ({ ctx, request }) => {
    return json(await updateOwnProfile({ ctx, input: await readJsonBody(request) }));
  }),
});

import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { exportOwnData } from "@/lib/services/export-own-data";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx }) => {
    const data = await exportOwnData({ ctx, input: undefined });
    return json(data, { headers: { "content-disposition": `attachment; filename="kakehashi-my-data-${data.exportedAt.slice(0, 10)}.json"` } });
  }),
});

import { apiRoute } from "@/lib/http/api-route";
import { problem } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

// Unknown paths under /api (and /api itself) outside /api/v1, which has its own, answer problem+json too, not the HTML 404 page.
const notFound = apiRoute(async ({ ctx }) => problem(404, "No such API resource.", ctx.requestId), { anonymous: true });

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

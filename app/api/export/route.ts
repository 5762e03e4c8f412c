// GET /api/export?run=<id>|ids=a,b,c|all=1&format=json|zip: finished tasks as a bundle download.
import { route } from "@/lib/server/http/route";
import { exportResponse } from "@/lib/server/bundles/export-bundle";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/export", async (req) => exportResponse(new URL(req.url).searchParams));

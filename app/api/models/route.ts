// GET /api/models: the models this studio offers, grouped by service, with what each takes and its defaults.
import { catalogReport } from "@/lib/server/catalog/offered";
import { json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/models", async () => json(catalogReport()));

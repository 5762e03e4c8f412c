// POST /api/import: a task bundle (JSON manifest or zip with videos) added in one transaction.
import { json, route } from "@/lib/server/http/route";
import { importBundle } from "@/lib/server/bundles/import-bundle";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/import", async (req) => json(await importBundle(req)));

// POST /api/prompts/import: a library file (as exported) added to the library, all of it or nothing.
import { LIBRARY_IMPORT_MAX_BYTES } from "@/lib/schemas/prompt";
import { json, readJson, route } from "@/lib/server/http/route";
import { importLibrary } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/prompts/import", async (req) => {
  return json(await importLibrary(await readJson(req, LIBRARY_IMPORT_MAX_BYTES)), { status: 201 });
});

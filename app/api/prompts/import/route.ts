// POST /api/prompts/import: a library file (as exported) added to the library, all of it or nothing.
import { LIBRARY_IMPORT_MAX_BYTES, libraryFileSchema } from "@/lib/schemas/prompt";
import { json, readBody, route } from "@/lib/server/http/route";
import { importLibrary } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

export const POST = route("POST /api/prompts/import", async (req) => {
  const file = await readBody(req, libraryFileSchema, LIBRARY_IMPORT_MAX_BYTES);
  return json(await importLibrary(file), { status: 201 });
});

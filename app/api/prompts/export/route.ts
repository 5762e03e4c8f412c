// GET /api/prompts/export: the whole library as a JSON file (format sora-studio/prompt-library, version 1).
import { json, route } from "@/lib/server/http/route";
import { exportLibrary } from "@/lib/server/prompts/library";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/prompts/export", async () => {
  const file = await exportLibrary();
  return json(file, {
    headers: { "content-disposition": `attachment; filename="prompt-library-${file.exportedAt.slice(0, 10)}.json"` },
  });
});

// GET /api/health: liveness, which upstream (emulator or AceData) and which database.
import { json, route } from "@/lib/server/http";
import { health } from "@/lib/server/health";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/health", async () => {
  const report = await health();
  return json(report, { status: report.ok ? 200 : 503 });
});

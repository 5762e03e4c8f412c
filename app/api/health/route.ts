// GET /api/health: liveness, which upstream (emulator or AceData) and which database.
import { json, publicRoute } from "@/lib/server/http/route";
import { health } from "@/lib/server/http/health";

export const dynamic = "force-dynamic";

export const GET = publicRoute("GET /api/health", async () => {
  const report = await health();
  return json(report, { status: report.ok ? 200 : 503 });
});

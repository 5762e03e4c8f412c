// GET /api/admin/quota-defaults: the team's default quota. PUT {secondsPerDay, secondsPerMonth, concurrent, allowPro, maxSize}: sets it.
import { clientOf } from "@/lib/server/http/session-response";
import { json, readJson, route } from "@/lib/server/http/route";
import { setTeamDefaults, teamDefaultsNow } from "@/lib/server/auth/quotas";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/admin/quota-defaults", async () => json({ defaults: await teamDefaultsNow() }), {
  role: "admin",
});

export const PUT = route(
  "PUT /api/admin/quota-defaults",
  async (req, _ctx, actor) =>
    json({ defaults: await setTeamDefaults(actor, await readJson(req, 1024), clientOf(req)) }),
  { role: "admin" },
);

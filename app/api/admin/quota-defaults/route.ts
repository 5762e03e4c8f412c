// GET /api/admin/quota-defaults: the team's default quota. PUT {secondsPerDay, secondsPerMonth, concurrent, allowPro, maxSize}: sets it.
import { quotaLimitsSchema } from "@/lib/schemas/quota";
import { clientOf } from "@/lib/server/http/session-response";
import { json, readBody, route } from "@/lib/server/http/route";
import { setTeamDefaults, teamDefaultsNow } from "@/lib/server/auth/quotas";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/admin/quota-defaults", async () => json({ defaults: await teamDefaultsNow() }), {
  role: "admin",
});

export const PUT = route(
  "PUT /api/admin/quota-defaults",
  async (req, _ctx, actor) => {
    const limits = await readBody(req, quotaLimitsSchema, 1024);
    return json({ defaults: await setTeamDefaults(actor, limits, clientOf(req)) });
  },
  { role: "admin" },
);

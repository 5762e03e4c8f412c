// GET /api/quota: the signed-in account's limits and what it has used (the composer shows it before a submit).
import { json, route } from "@/lib/server/http/route";
import { quotaStatus } from "@/lib/server/auth/quotas";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/quota", async (_req, _ctx, actor) => json({ quota: await quotaStatus(actor) }));

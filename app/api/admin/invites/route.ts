// GET /api/admin/invites: the open invitations. POST {email, role}: a new one; its link is in the answer, once.
import { createInvite, listInvites } from "@/lib/server/auth/accounts";
import { clientOf } from "@/lib/server/http/session-response";
import { json, readJson, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/admin/invites", async () => json({ invites: await listInvites() }), {
  role: "admin",
});

export const POST = route(
  "POST /api/admin/invites",
  async (req, _ctx, actor) =>
    json(await createInvite(actor, await readJson(req, 4096), clientOf(req)), { status: 201 }),
  { role: "admin" },
);

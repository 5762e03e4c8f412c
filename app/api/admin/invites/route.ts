// GET /api/admin/invites: the open invitations. POST {email, role}: a new one; its link is in the answer, once.
import { inviteCreateSchema } from "@/lib/schemas/accounts";
import { createInvite, listInvites, requireTeamMode } from "@/lib/server/auth/accounts";
import { clientOf } from "@/lib/server/http/session-response";
import { json, readBody, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/admin/invites", async () => json({ invites: await listInvites() }), {
  role: "admin",
});

export const POST = route(
  "POST /api/admin/invites",
  async (req, _ctx, actor) => {
    const invite = await readBody(req, inviteCreateSchema, 4096, { before: requireTeamMode });
    return json(await createInvite(actor, invite, clientOf(req)), { status: 201 });
  },
  { role: "admin" },
);

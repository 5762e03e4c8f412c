// DELETE /api/admin/invites/:id: withdraws an open invitation; its link stops working.
import { revokeInvite } from "@/lib/server/auth/accounts";
import { clientOf } from "@/lib/server/http/session-response";
import { type IdParams, json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const DELETE = route<IdParams>(
  "DELETE /api/admin/invites/:id",
  async (req, ctx, actor) => {
    const { id } = await ctx.params;
    await revokeInvite(actor, id, clientOf(req));
    return json({ id, revoked: true });
  },
  { role: "admin" },
);

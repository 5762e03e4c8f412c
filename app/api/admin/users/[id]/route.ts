// PATCH /api/admin/users/:id {role?, disabled?}: an admin changes a role or disables an account (its sessions end at once).
import { userUpdateSchema } from "@/lib/schemas/accounts";
import { requireTeamMode, updateAccount } from "@/lib/server/auth/accounts";
import { clientOf } from "@/lib/server/http/session-response";
import { type IdParams, json, readBody, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const PATCH = route<IdParams>(
  "PATCH /api/admin/users/:id",
  async (req, ctx, actor) => {
    const { id } = await ctx.params;
    const change = await readBody(req, userUpdateSchema, 1024, { before: requireTeamMode });
    return json({ user: await updateAccount(actor, id, change, clientOf(req)) });
  },
  { role: "admin" },
);

// PATCH /api/admin/users/:id {role?, disabled?}: an admin changes a role or disables an account (its sessions end at once).
import { updateAccount } from "@/lib/server/auth/accounts";
import { clientOf } from "@/lib/server/http/session-response";
import { json, readJson, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const PATCH = route<Ctx>(
  "PATCH /api/admin/users/:id",
  async (req, ctx, actor) => {
    const { id } = await ctx.params;
    return json({ user: await updateAccount(actor, id, await readJson(req, 1024), clientOf(req)) });
  },
  { role: "admin" },
);

// POST /api/auth/invites/accept {token, name, password}: uses an invitation link; makes the account and signs it in.
import { inviteAcceptSchema } from "@/lib/schemas/accounts";
import { acceptInvite, requireTeamMode } from "@/lib/server/auth/accounts";
import { clientOf, signedInResponse } from "@/lib/server/http/session-response";
import { publicRoute, readBody } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute("POST /api/auth/invites/accept", async (req) => {
  const fields = await readBody(req, inviteAcceptSchema, 4096, { before: requireTeamMode });
  return signedInResponse(req, await acceptInvite(fields, clientOf(req)), 201);
});

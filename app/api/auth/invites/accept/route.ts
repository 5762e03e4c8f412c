// POST /api/auth/invites/accept {token, name, password}: uses an invitation link; makes the account and signs it in.
import { acceptInvite } from "@/lib/server/auth/accounts";
import { clientOf, signedInResponse } from "@/lib/server/http/session-response";
import { publicRoute, readJson } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute("POST /api/auth/invites/accept", async (req) => {
  return signedInResponse(req, await acceptInvite(await readJson(req, 4096), clientOf(req)), 201);
});

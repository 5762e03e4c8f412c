// POST /api/auth/setup {email, name, password}: the first admin, once, when team mode has no account yet.
import { setupSchema } from "@/lib/schemas/accounts";
import { createFirstAdmin, requireTeamMode } from "@/lib/server/auth/accounts";
import { clientOf, signedInResponse } from "@/lib/server/http/session-response";
import { publicRoute, readBody } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute("POST /api/auth/setup", async (req) => {
  const fields = await readBody(req, setupSchema, 4096, { before: requireTeamMode });
  return signedInResponse(req, await createFirstAdmin(fields, clientOf(req)), 201);
});

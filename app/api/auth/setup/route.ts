// POST /api/auth/setup {email, name, password}: the first admin, once, when team mode has no account yet.
import { createFirstAdmin } from "@/lib/server/auth/accounts";
import { clientOf, signedInResponse } from "@/lib/server/http/session-response";
import { publicRoute, readJson } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute("POST /api/auth/setup", async (req) => {
  return signedInResponse(req, await createFirstAdmin(await readJson(req, 4096), clientOf(req)), 201);
});

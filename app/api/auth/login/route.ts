// POST /api/auth/login {email, password}: a new session (cookie) for the account; 401 on a wrong
// pair, 429 while the account or address is locked after too many failures.
import { loginSchema } from "@/lib/schemas/accounts";
import { requireTeamMode, signIn } from "@/lib/server/auth/accounts";
import { readCookie, SESSION_COOKIE } from "@/lib/server/auth/session-cookie";
import { clientOf, signedInResponse } from "@/lib/server/http/session-response";
import { publicRoute, readBody } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute("POST /api/auth/login", async (req) => {
  const credentials = await readBody(req, loginSchema, 4096, { before: requireTeamMode });
  const session = await signIn(credentials, clientOf(req), readCookie(req, SESSION_COOKIE));
  return signedInResponse(req, session);
});

// POST /api/auth/logout {everywhere?}: ends this session (or every session of the account) and clears the cookie.
import { z } from "zod";
import { signOut } from "@/lib/server/auth/accounts";
import { sessionFromRequest } from "@/lib/server/auth/authorize";
import { clientOf, signedOutResponse } from "@/lib/server/http/session-response";
import { readJson, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

const logoutSchema = z.object({ everywhere: z.boolean().default(false) });

export const POST = route(
  "POST /api/auth/logout",
  async (req) => {
    const { everywhere } = logoutSchema.parse((await readJson(req, 1024).catch(() => ({}))) ?? {});
    const session = await sessionFromRequest(req);
    if (session) await signOut(session, everywhere, clientOf(req));
    return signedOutResponse(req);
  },
  { role: "viewer" },
);

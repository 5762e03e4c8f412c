// GET /api/admin/users: every account of the studio (never a password hash or a session).
import { listAccounts } from "@/lib/server/auth/accounts";
import { json, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/admin/users", async () => json({ users: await listAccounts() }), { role: "admin" });

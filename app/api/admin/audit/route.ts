// GET /api/admin/audit?action=&actor=&from=&to=&before=: a page of the audit log, newest first (admins only).
import { auditFilterSchema } from "@/lib/schemas/audit";
import { auditPage } from "@/lib/server/auth/audit";
import { json, readQuery, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  "GET /api/admin/audit",
  async (req) => json(await auditPage(readQuery(req, auditFilterSchema))),
  { role: "admin" },
);

// GET /api/admin/audit/export?action=&actor=&from=&to=: every matching line of the audit log as CSV (admins only).
import { auditFilterSchema } from "@/lib/schemas/audit";
import { auditCsv } from "@/lib/server/auth/audit";
import { readQuery, route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  "GET /api/admin/audit/export",
  async (req) => {
    const body = auditCsv(readQuery(req, auditFilterSchema));
    const name = `studio-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  },
  { role: "admin" },
);

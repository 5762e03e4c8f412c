import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/admin/audit-log";
import { getTranslator } from "@/lib/i18n/request";
import { pathWithQuery } from "@/lib/server/auth/page-session";
import { AdminFrame, requireAdminPage } from "../_components/admin-frame";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("admin"))("audit.metaTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** /admin/audit: the audit log with filters and CSV export; admins only, and only in team mode. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireAdminPage(pathWithQuery("/admin/audit", await searchParams));
  const t = await getTranslator("admin");
  return (
    <AdminFrame actor={actor} width="max-w-6xl" current="audit" title={t("audit.title")} intro={t("audit.intro")}>
      <section
        aria-label={t("audit.title")}
        className="rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Suspense>
          <AuditLog />
        </Suspense>
      </section>
    </AdminFrame>
  );
}

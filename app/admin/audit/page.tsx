import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { AuditLog } from "@/components/admin/audit-log";
import { SiteHeader } from "@/components/nav/site-header";
import { getTranslator } from "@/lib/i18n/request";
import { headerAccount, pathWithQuery, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("admin"))("audit.metaTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** /admin/audit: the audit log with filters and CSV export; admins only, and only in team mode. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  if (env().STUDIO_AUTH === "off") notFound();
  const actor = await requirePageActor(pathWithQuery("/admin/audit", await searchParams), "admin");
  const t = await getTranslator("admin");
  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      <main className="space-y-6">
        <AdminTabs
          current="audit"
          labels={{ label: t("audit.tabs.label"), team: t("audit.tabs.team"), audit: t("audit.tabs.audit") }}
        />
        <div>
          <h2 className="text-lg font-semibold tracking-tight">{t("audit.title")}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("audit.intro")}</p>
        </div>
        <section
          aria-label={t("audit.title")}
          className="rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <Suspense>
            <AuditLog />
          </Suspense>
        </section>
      </main>
    </div>
  );
}

import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { AccountsTable } from "@/components/admin/accounts-table";
import { Invitations } from "@/components/admin/invitations";
import { QuotaDefaults } from "@/components/admin/quota-defaults";
import { SiteHeader } from "@/components/nav/site-header";
import { getTranslator } from "@/lib/i18n/request";
import { headerAccount, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("admin"))("metaTitle") };
}

/** /admin: the team (accounts, roles, invitations); admins only, and only in team mode. */
export default async function AdminPage() {
  if (env().STUDIO_AUTH === "off") notFound();
  const actor = await requirePageActor("/admin", "admin");
  const t = await getTranslator("admin");
  return (
    <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      <main className="space-y-6">
        <AdminTabs
          current="team"
          labels={{ label: t("audit.tabs.label"), team: t("audit.tabs.team"), audit: t("audit.tabs.audit") }}
        />
        <div>
          <h2 className="text-lg font-semibold tracking-tight">{t("title")}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        </div>
        <AdminSection id="accounts" title={t("users.title")}>
          <AccountsTable selfId={actor.id as string} />
        </AdminSection>
        <AdminSection id="quota-defaults-title" title={t("quota.defaultsTitle")}>
          <QuotaDefaults />
        </AdminSection>
        <AdminSection id="invite" title={t("invite.title")}>
          <Invitations />
        </AdminSection>
      </main>
    </div>
  );
}

/** One titled card of the page. */
function AdminSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h3 id={id} className="text-base font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

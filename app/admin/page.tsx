import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { AccountsTable } from "@/components/admin/accounts-table";
import { Invitations } from "@/components/admin/invitations";
import { QuotaDefaults } from "@/components/admin/quota-defaults";
import { SiteHeader } from "@/components/nav/site-header";
import { getTranslator } from "@/lib/i18n/request";
import { headerAccount, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/env";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("admin"))("metaTitle") };
}

/** /admin: the team (accounts, roles, invitations); admins only, and only in team mode. */
export default async function AdminPage() {
  if (env().STUDIO_AUTH === "off") notFound();
  const actor = await requirePageActor("/admin", "admin");
  const t = await getTranslator("admin");
  const section = "space-y-4 rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900";
  return (
    <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      <main className="space-y-6">
        <AdminTabs current="team" labels={{ label: t("audit.tabs.label"), team: t("audit.tabs.team"), audit: t("audit.tabs.audit") }} />
        <div>
          <h2 className="text-lg font-semibold tracking-tight">{t("title")}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        </div>
        <section aria-labelledby="accounts" className={section}>
          <h3 id="accounts" className="text-base font-semibold">
            {t("users.title")}
          </h3>
          <AccountsTable selfId={actor.id as string} />
        </section>
        <section aria-labelledby="quota-defaults-title" className={section}>
          <h3 id="quota-defaults-title" className="text-base font-semibold">
            {t("quota.defaultsTitle")}
          </h3>
          <QuotaDefaults />
        </section>
        <section aria-labelledby="invite" className={section}>
          <h3 id="invite" className="text-base font-semibold">
            {t("invite.title")}
          </h3>
          <Invitations />
        </section>
      </main>
    </div>
  );
}

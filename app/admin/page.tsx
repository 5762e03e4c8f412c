import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AccountsTable } from "@/components/admin/accounts-table";
import { Invitations } from "@/components/admin/invitations";
import { QuotaDefaults } from "@/components/admin/quota-defaults";
import { getTranslator } from "@/lib/i18n/request";
import { AdminFrame, requireAdminPage } from "./_components/admin-frame";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("admin"))("metaTitle") };
}

/** /admin: the team (accounts, roles, invitations); admins only, and only in team mode. */
export default async function AdminPage() {
  const actor = await requireAdminPage("/admin");
  const t = await getTranslator("admin");
  return (
    <AdminFrame actor={actor} width="max-w-5xl" current="team" title={t("title")} intro={t("intro")}>
      <AdminSection id="accounts" title={t("users.title")}>
        <AccountsTable selfId={actor.id as string} />
      </AdminSection>
      <AdminSection id="quota-defaults-title" title={t("quota.defaultsTitle")}>
        <QuotaDefaults />
      </AdminSection>
      <AdminSection id="invite" title={t("invite.title")}>
        <Invitations />
      </AdminSection>
    </AdminFrame>
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

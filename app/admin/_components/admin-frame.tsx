import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { getTranslator } from "@/lib/i18n/request";
import type { Actor } from "@/lib/server/auth/actor";
import { requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";
import { PageFrame } from "../../_components/page-frame";

/** The admin who opens a team page (`path`, to come back to after signing in); no such page with sign-in off. */
export async function requireAdminPage(path: string): Promise<Actor> {
  if (env().STUDIO_AUTH === "off") notFound();
  return requirePageActor(path, "admin");
}

/** A team page: the tabs between the team pages, the page's title and intro, then its content. */
export async function AdminFrame({
  actor,
  width,
  current,
  title,
  intro,
  children,
}: {
  actor: Actor;
  width: "max-w-5xl" | "max-w-6xl";
  current: "team" | "audit";
  title: string;
  intro: string;
  children: ReactNode;
}) {
  const t = await getTranslator("admin");
  return (
    <PageFrame actor={actor} width={width}>
      <main className="space-y-6">
        <AdminTabs
          current={current}
          labels={{ label: t("audit.tabs.label"), team: t("audit.tabs.team"), audit: t("audit.tabs.audit") }}
        />
        <div>
          <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{intro}</p>
        </div>
        {children}
      </main>
    </PageFrame>
  );
}

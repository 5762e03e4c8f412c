import type { Metadata } from "next";
import { CurrentAccountProvider } from "@/components/account/current-account";
import { SiteHeader } from "@/components/nav/site-header";
import { BoardList } from "@/components/storyboard/board-list";
import { getTranslator } from "@/lib/i18n/request";
import { headerAccount, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";

// /storyboard: every storyboard of the studio, and a new one from a title. The list loads in the browser.

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator("storyboard");
  const tPage = await getTranslator("page");
  return { title: `${t("list.heading")} · ${tPage("metaTitle")}` };
}

export default async function StoryboardsPage() {
  const actor = await requirePageActor("/storyboard");
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      <CurrentAccountProvider
        account={env().STUDIO_AUTH === "on" && actor.id ? { id: actor.id, role: actor.role } : null}
      >
        <main>
          <BoardList />
        </main>
      </CurrentAccountProvider>
    </div>
  );
}

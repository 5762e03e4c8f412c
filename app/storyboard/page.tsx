import type { Metadata } from "next";
import { CurrentAccountProvider } from "@/components/account/current-account";
import { BoardList } from "@/components/storyboard/board-list";
import { getTranslator } from "@/lib/i18n/request";
import { currentAccount, requirePageActor } from "@/lib/server/auth/page-session";
import { PageFrame } from "../_components/page-frame";

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
    <PageFrame actor={actor}>
      <CurrentAccountProvider account={currentAccount(actor)}>
        <main>
          <BoardList />
        </main>
      </CurrentAccountProvider>
    </PageFrame>
  );
}

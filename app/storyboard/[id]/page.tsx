import type { Metadata } from "next";
import { CurrentAccountProvider } from "@/components/account/current-account";
import { BoardEditor } from "@/components/storyboard/board-editor";
import { getTranslator } from "@/lib/i18n/request";
import { currentAccount, requirePageActor } from "@/lib/server/auth/page-session";
import { uploadHosting } from "@/lib/server/media/uploads";
import { PageFrame } from "../../_components/page-frame";

// /storyboard/:id: one storyboard, its shots and takes, its preview and its export.

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator("storyboard");
  const tPage = await getTranslator("page");
  return { title: `${t("title")} · ${tPage("metaTitle")}` };
}

export default async function StoryboardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/storyboard/${encodeURIComponent(id)}`);
  return (
    <PageFrame actor={actor}>
      <CurrentAccountProvider account={currentAccount(actor)}>
        <main>
          <BoardEditor id={id} clipUploads={uploadHosting().clips} />
        </main>
      </CurrentAccountProvider>
    </PageFrame>
  );
}

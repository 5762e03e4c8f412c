import type { Metadata } from "next";
import { CurrentAccountProvider } from "@/components/account/current-account";
import { SiteHeader } from "@/components/nav/site-header";
import { BoardEditor } from "@/components/storyboard/board-editor";
import { getTranslator } from "@/lib/i18n/request";
import { headerAccount, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";
import { uploadHosting } from "@/lib/server/media/uploads";

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
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      <CurrentAccountProvider
        account={env().STUDIO_AUTH === "on" && actor.id ? { id: actor.id, role: actor.role } : null}
      >
        <main>
          <BoardEditor id={id} clipUploads={uploadHosting().clips} />
        </main>
      </CurrentAccountProvider>
    </div>
  );
}

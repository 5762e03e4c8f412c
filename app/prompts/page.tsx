import type { Metadata } from "next";
import { Suspense } from "react";
import { SiteHeader } from "@/components/nav/site-header";
import { PromptsView } from "@/components/prompts/prompts-view";
import { getTranslator } from "@/lib/i18n/request";
import { headerAccount, pathWithQuery, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator("prompts");
  return { title: t("metaTitle") };
}

/** /prompts: the prompt history and the library (?tab=history|library). */
export default async function PromptsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor(pathWithQuery("/prompts", await searchParams));
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={env().emulated} account={headerAccount(actor)} />
      {/* The view reads the URL's search params on the client. */}
      <Suspense>
        <PromptsView />
      </Suspense>
    </div>
  );
}

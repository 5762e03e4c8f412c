import type { Metadata } from "next";
import { Suspense } from "react";
import { PromptsView } from "@/components/prompts/prompts-view";
import { getTranslator } from "@/lib/i18n/request";
import { pathWithQuery, requirePageActor } from "@/lib/server/auth/page-session";
import { PageFrame } from "../_components/page-frame";

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
    <PageFrame actor={actor}>
      {/* The view reads the URL's search params on the client. */}
      <Suspense>
        <PromptsView />
      </Suspense>
    </PageFrame>
  );
}

import type { Metadata } from "next";
import { parseCompareIds } from "@/components/compare/compare-ids";
import { CompareView } from "@/components/compare/compare-view";
import { getTranslator } from "@/lib/i18n/request";
import { pathWithQuery, requirePageActor } from "@/lib/server/auth/page-session";
import { PageFrame } from "../_components/page-frame";

// /compare?ids=<id>,<id>[,…]: 2–4 videos side by side. The ids are read here (an empty, malformed
// or too long list is answered without any request); the tasks themselves load in the browser.

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator("compare");
  const tPage = await getTranslator("page");
  return { title: `${t("title")} · ${tPage("metaTitle")}` };
}

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const actor = await requirePageActor(pathWithQuery("/compare", params));
  const input = parseCompareIds(params.ids);
  return (
    <PageFrame actor={actor}>
      <main>
        <CompareView key={input.kind === "ok" ? input.ids.join(",") : input.kind} input={input} />
      </main>
    </PageFrame>
  );
}

import { preload } from "react-dom";
import { Composer } from "@/components/composer/composer";
import { CurrentAccountProvider } from "@/components/account/current-account";
import { ViewerNotice } from "@/components/account/viewer-notice";
import { Gallery } from "@/components/gallery/gallery";
import { listTasksUrl } from "@/lib/query/api";
import { viewFromSearchParams } from "@/lib/schemas/task-filter";
import { hasRole } from "@/lib/server/auth/actor";
import { currentAccount, pathWithQuery, requirePageActor } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";
import { quotaStatus } from "@/lib/server/auth/quotas";
import { uploadHosting } from "@/lib/server/media/uploads";
import { PageFrame } from "./_components/page-frame";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The gallery's first page for the view in the URL starts loading with the HTML (a preload the
 * page's own request then picks up), not after the scripts have run: the first rows come sooner,
 * and the page still shows its loading and error states as the request goes.
 */
async function preloadFirstPage(searchParams: SearchParams) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") params.set(key, value);
  preload(listTasksUrl(viewFromSearchParams(params)), { as: "fetch", crossOrigin: "anonymous" });
}

export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor(pathWithQuery("/", await searchParams));
  await preloadFirstPage(searchParams);
  const e = env();
  const emulated = e.emulated;
  // Public facts only (a base URL, whether callbacks and clip uploads work): never the token.
  const publicUrl = e.STUDIO_PUBLIC_URL ?? null;
  const upstream = {
    baseUrl: emulated ? null : e.upstreamBaseUrl,
    callbacks: publicUrl !== null,
    publicUrl,
    clipUploads: uploadHosting().clips,
  };
  return (
    <PageFrame actor={actor}>
      <CurrentAccountProvider account={currentAccount(actor)}>
        <main className="grid gap-6 lg:grid-cols-[minmax(22rem,26rem)_1fr]">
          {/* On wide screens the composer scrolls inside its own column: reaching Generate never scrolls the gallery away. */}
          {hasRole(actor, "member") ? (
            <div className="min-w-0 lg:sticky lg:top-6 lg:max-h-[calc(100dvh-3rem)] lg:self-start lg:overflow-y-auto lg:rounded-2xl">
              <div className="rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
                <Composer
                  upstream={upstream}
                  catalog={{ models: e.STUDIO_MODELS, defaultModel: e.defaultModel }}
                  quota={e.STUDIO_AUTH === "on" ? await quotaStatus(actor) : null}
                />
              </div>
            </div>
          ) : (
            <ViewerNotice />
          )}
          <Gallery upstream={upstream} />
        </main>
      </CurrentAccountProvider>
    </PageFrame>
  );
}

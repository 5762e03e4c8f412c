import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Composer } from "@/components/composer/composer";
import { Gallery } from "@/components/gallery/gallery";
import { SiteHeader } from "@/components/nav/site-header";
import { taskKeys } from "@/lib/query/keys";
import { GALLERY_PAGE_SIZE, viewFromSearchParams } from "@/lib/schemas/task-filter";
import { env } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { listTasks } from "@/lib/server/tasks";
import { uploadHosting } from "@/lib/server/uploads";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The gallery's first page for the view in the URL, read here so it arrives with the HTML: the
 * first rows need no second round trip. If it cannot be read, the page asks again itself.
 */
async function firstPageState(searchParams: SearchParams) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") params.set(key, value);
  const filter = viewFromSearchParams(params);
  const client = new QueryClient();
  try {
    const page = await listTasks({ ...filter, limit: GALLERY_PAGE_SIZE });
    client.setQueryData(taskKeys.list(filter), { pages: [page], pageParams: [undefined] });
  } catch (error) {
    log.warn("the gallery's first page could not be read for the page", { error: error instanceof Error ? error.message : String(error) });
  }
  return dehydrate(client);
}

export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const e = env();
  const emulated = e.emulated;
  // Public facts only (a base URL, whether callbacks and clip uploads work): never the token.
  const publicUrl = e.STUDIO_PUBLIC_URL ?? null;
  const upstream = { baseUrl: emulated ? null : e.upstreamBaseUrl, callbacks: publicUrl !== null, publicUrl, clipUploads: uploadHosting().clips };
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
      <SiteHeader emulated={emulated} />
      <HydrationBoundary state={await firstPageState(searchParams)}>
        <main className="grid gap-6 lg:grid-cols-[minmax(22rem,26rem)_1fr]">
        {/* On wide screens the composer scrolls inside its own column: reaching Generate never scrolls the gallery away. */}
        <div className="min-w-0 lg:sticky lg:top-6 lg:max-h-[calc(100dvh-3rem)] lg:self-start lg:overflow-y-auto lg:rounded-2xl">
          <div className="rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900">
            <Composer upstream={upstream} />
          </div>
        </div>
        <Gallery upstream={upstream} />
      </main>
      </HydrationBoundary>
    </div>
  );
}

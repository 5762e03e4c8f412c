import { getTranslator } from "@/lib/i18n/request";

/** In the composer's place for a viewer: they can watch and download, not generate. */
export async function ViewerNotice() {
  const t = await getTranslator("account");
  return (
    <aside
      className="self-start rounded-2xl border border-zinc-200 bg-white p-5 text-sm text-zinc-600 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
      data-testid="viewer-notice"
    >
      {t("viewerNotice")}
    </aside>
  );
}

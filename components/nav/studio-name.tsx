import { getTranslator } from "@/lib/i18n/request";

/** The studio's name and its video provider, as the page header and the sign-in pages show it. */
export async function StudioName() {
  const t = await getTranslator("page");
  return (
    <>
      {t("title")} <span className="font-normal text-zinc-500 dark:text-zinc-400">· {t("provider")}</span>
    </>
  );
}

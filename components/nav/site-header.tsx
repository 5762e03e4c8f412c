import { AccountMenu } from "@/components/account/lazy-account-menu";
import { LanguageSwitcher } from "@/components/i18n/language-switcher";
import { ThemeSwitcher } from "@/components/theme/theme-switcher";
import { getTranslator } from "@/lib/i18n/request";
import type { SignedInAccount } from "@/lib/schemas/accounts";
import { SiteNav } from "./site-nav";
import { StudioName } from "./studio-name";

/**
 * The header of every page: the studio's name, its pages, the signed-in account (team mode),
 * theme and language, and whether videos are real. The page says which (`env().emulated`, the page's account): components never read server
 * settings.
 */
export async function SiteHeader({
  emulated,
  account,
}: {
  emulated: boolean;
  account: Omit<SignedInAccount, "id"> | null;
}) {
  const t = await getTranslator("page");
  return (
    <header className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <h1 className="text-xl font-semibold tracking-tight">
          <StudioName />
        </h1>
        <SiteNav />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {account && <AccountMenu name={account.name} email={account.email} role={account.role} />}
        <ThemeSwitcher />
        <LanguageSwitcher />
        <span
          className={
            emulated
              ? "rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
              : "rounded-full bg-emerald-100 px-2.5 py-1 text-xs font-medium text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200"
          }
          title={emulated ? t("emulatorTitle") : t("connectedTitle")}
        >
          {emulated ? t("emulatorBadge") : t("connectedBadge")}
        </span>
      </div>
    </header>
  );
}

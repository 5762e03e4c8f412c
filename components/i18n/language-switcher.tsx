"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useLocale, useTranslations } from "use-intl";
import { cx } from "@/components/ui/cx";
import { LOCALE_NAMES, LOCALES, localeCookie, type Locale } from "@/lib/i18n/config";

/**
 * English or 简体中文, as pressed-state buttons like the theme switcher. The choice goes in a
 * cookie (the server renders in it from then on) and the page re-renders in place with
 * router.refresh(): client state such as the composer's form is kept.
 */
export function LanguageSwitcher() {
  const t = useTranslations("language");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const choose = (next: Locale) => {
    if (next === locale) return;
    document.cookie = localeCookie(next);
    startTransition(() => router.refresh());
  };

  return (
    <div role="group" aria-label={t("label")} aria-busy={pending || undefined} className="inline-flex rounded-lg border border-zinc-300 p-0.5 text-xs dark:border-zinc-700">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={locale === l}
          onClick={() => choose(l)}
          className={cx(
            "rounded-md px-2 py-1 font-medium transition-colors",
            locale === l ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
          )}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

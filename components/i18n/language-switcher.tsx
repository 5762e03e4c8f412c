"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useLocale, useTranslations } from "use-intl";
import { PressedGroup } from "@/components/ui/pressed-group";
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
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we serve
    document.cookie = localeCookie(next);
    startTransition(() => router.refresh());
  };

  return (
    <PressedGroup
      label={t("label")}
      options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))}
      value={locale}
      onChoose={choose}
      busy={pending}
    />
  );
}

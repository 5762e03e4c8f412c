"use client";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { cx } from "@/components/ui/cx";
import { applyStoredTheme, THEME_KEY, THEMES, type Theme } from "./theme";

/** Three pressed-state buttons: Light, Dark, System (follows the OS, live). */
export function ThemeSwitcher() {
  const t = useTranslations("theme");
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const stored = document.documentElement.dataset.theme;
    if (stored === "light" || stored === "dark" || stored === "system") setTheme(stored);
    // "System" follows the OS as it changes, without a reload.
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyStoredTheme();
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);

  const choose = (next: Theme) => {
    try {
      window.localStorage.setItem(THEME_KEY, next);
    } catch {
      // storage off: the choice lasts for this page only
    }
    setTheme(next);
    applyStoredTheme();
    if (next !== "system") document.documentElement.classList.toggle("dark", next === "dark");
  };

  return (
    <div role="group" aria-label={t("label")} className="inline-flex rounded-lg border border-zinc-300 p-0.5 text-xs dark:border-zinc-700">
      {THEMES.map((name) => (
        <button
          key={name}
          type="button"
          aria-pressed={theme === name}
          onClick={() => choose(name)}
          className={cx(
            "rounded-md px-2 py-1 font-medium transition-colors",
            theme === name ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
          )}
        >
          {t(name)}
        </button>
      ))}
    </div>
  );
}

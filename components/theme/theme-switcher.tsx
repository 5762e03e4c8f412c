"use client";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { PressedGroup } from "@/components/ui/pressed-group";
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
    <PressedGroup
      label={t("label")}
      options={THEMES.map((name) => ({ value: name, label: t(name) }))}
      value={theme}
      onChoose={choose}
    />
  );
}

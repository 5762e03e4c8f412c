// Light, dark or the system's choice. The choice lives in this browser (localStorage); the
// `dark` class on <html> is what Tailwind's dark: variant follows (see app/globals.css).

export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_KEY = "sora-studio.theme";

/**
 * Runs in <head> before the first paint (as an inline script), so a dark page never flashes
 * light. Kept self-contained: it is serialised with toString().
 */
export function applyStoredTheme() {
  let theme = "system";
  try {
    theme = window.localStorage.getItem("sora-studio.theme") ?? "system";
  } catch {
    // storage off: follow the system
  }
  const dark = theme === "dark" || (theme !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.dataset.theme = theme;
}

export const themeScript = `(${applyStoredTheme.toString()})();`;

"use client";
import { AppLink } from "@/components/ui/app-link";
import { usePathname } from "next/navigation";
import { useTranslations } from "use-intl";
import { cx } from "@/components/ui/cx";

const PAGES = [
  { href: "/", key: "studio" },
  { href: "/prompts", key: "prompts" },
  { href: "/compare", key: "compare" },
  { href: "/storyboard", key: "storyboard" },
] as const;

/** The studio's pages; the current one is marked for screen readers too (aria-current). */
export function SiteNav() {
  const t = useTranslations("page.nav");
  const path = usePathname();
  return (
    <nav aria-label={t("label")}>
      <ul className="flex gap-1 text-sm">
        {PAGES.map((page) => {
          const current = page.href === "/" ? path === "/" : path.startsWith(page.href);
          return (
            <li key={page.href}>
              <AppLink
                href={page.href}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "rounded-md px-2.5 py-1.5 font-medium",
                  current
                    ? "bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-100"
                    : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
                )}
              >
                {t(page.key)}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

import { AppLink } from "@/components/ui/app-link";

/** The two team pages, as tabs: the current one marked for assistive tech. */
export function AdminTabs({
  current,
  labels,
}: {
  current: "team" | "audit";
  labels: { label: string; team: string; audit: string };
}) {
  const tab = (id: "team" | "audit", href: string) => (
    <AppLink
      href={href}
      aria-current={current === id ? "page" : undefined}
      className={`rounded-lg px-3 py-1.5 text-sm font-medium ${current === id ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
    >
      {labels[id]}
    </AppLink>
  );
  return (
    <nav aria-label={labels.label} className="flex gap-1">
      {tab("team", "/admin")}
      {tab("audit", "/admin/audit")}
    </nav>
  );
}

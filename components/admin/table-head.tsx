import type { ReactNode } from "react";

/** The header row of an admin table: one cell per label, then any cells of its own (`children`). */
export function TableHead({ labels, cell, children }: { labels: string[]; cell: string; children?: ReactNode }) {
  return (
    <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
      <tr>
        {labels.map((label, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are fixed; their order is their identity
          <th key={i} className={cell}>
            {label}
          </th>
        ))}
        {children}
      </tr>
    </thead>
  );
}

// Export links and the import's answer: the part of the bundle format the gallery's scripts use
// (the manifest's schema itself stays with the server, in bundle.ts).

/** `POST /api/import`'s answer. */
export type ImportSummary = { imported: number; skipped: { id: string; reason: string }[]; warnings: string[] };

/** What `GET /api/export` exports: one run, chosen tasks, or everything. */
export type ExportSelection = { run: string } | { ids: string[] } | { all: true };
export type ExportFormat = "json" | "zip";

/** The export route's address for a selection (the gallery's links use it). */
export function exportHref(selection: ExportSelection, format: ExportFormat): string {
  const params = new URLSearchParams();
  if ("run" in selection) params.set("run", selection.run);
  else if ("ids" in selection) params.set("ids", selection.ids.join(","));
  else params.set("all", "1");
  params.set("format", format);
  return `/api/export?${params.toString()}`;
}

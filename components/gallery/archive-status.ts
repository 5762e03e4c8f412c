import type { TaskVideo } from "@/lib/schemas/task";
import { formatBytes } from "@/lib/shared/bytes";

// The one line under a finished video that says whether the studio holds its own copy, or how
// long the provider's link has left. Once the link expires, only an archived copy still plays.

export type ArchiveView = { text: string; detail: string | null; tone: "muted" | "warn" };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A time left as a person says it: "5 days", "3 hours", "12 minutes", "less than a minute". */
export function formatTimeLeft(ms: number): string {
  if (ms >= 2 * DAY) return `${Math.floor(ms / DAY)} days`;
  if (ms >= 2 * HOUR) return `${Math.floor(ms / HOUR)} hours`;
  if (ms >= 2 * MINUTE) return `${Math.floor(ms / MINUTE)} minutes`;
  if (ms >= MINUTE) return "1 minute";
  return "less than a minute";
}

export function archiveView(video: TaskVideo, now: number): ArchiveView {
  if (video.archived) return { text: video.size === null ? "Archived" : `Archived · ${formatBytes(video.size)}`, detail: null, tone: "muted" };
  const expiresAt = video.expiresAt === null ? Number.NaN : Date.parse(video.expiresAt);
  const lastError = video.archiveError ? `Last attempt: ${video.archiveError}` : null;
  if (!Number.isNaN(expiresAt) && expiresAt <= now) {
    return { text: "Not archived · the provider's link has expired", detail: lastError, tone: "warn" };
  }
  const left = Number.isNaN(expiresAt) ? "" : ` · link expires in ${formatTimeLeft(expiresAt - now)}`;
  return { text: `Not archived yet${left}`, detail: lastError, tone: "muted" };
}

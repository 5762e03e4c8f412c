import type { Translator } from "@/lib/i18n/messages";
import type { TaskVideo } from "@/lib/schemas/task";
import { formatBytes } from "@/lib/shared/bytes";

// The one line under a finished video that says whether the studio holds its own copy, or how
// long the provider's link has left. Once the link expires, only an archived copy still plays.
// These functions decide what to say; the words are messages (`gallery.archive`, `task.timeLeft`).

export type TimeLeft =
  | { key: "days" | "hours" | "minutes"; count: number }
  | { key: "lessThanMinute"; count?: undefined };

export type ArchiveView =
  | { state: "archived"; size: number | null; tone: "muted"; lastError: null }
  | { state: "expired"; tone: "warn"; lastError: string | null }
  | { state: "pending"; timeLeft: TimeLeft | null; tone: "muted"; lastError: string | null };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A time left as a person says it: 5 days, 3 hours, 12 minutes, less than a minute. */
export function timeLeft(ms: number): TimeLeft {
  if (ms >= 2 * DAY) return { key: "days", count: Math.floor(ms / DAY) };
  if (ms >= 2 * HOUR) return { key: "hours", count: Math.floor(ms / HOUR) };
  if (ms >= MINUTE) return { key: "minutes", count: Math.floor(ms / MINUTE) };
  return { key: "lessThanMinute" };
}

export function archiveView(video: TaskVideo, now: number): ArchiveView {
  if (video.archived) return { state: "archived", size: video.size, tone: "muted", lastError: null };
  const expiresAt = video.expiresAt === null ? Number.NaN : Date.parse(video.expiresAt);
  const lastError = video.archiveError ?? null;
  if (!Number.isNaN(expiresAt) && expiresAt <= now) return { state: "expired", tone: "warn", lastError };
  return {
    state: "pending",
    timeLeft: Number.isNaN(expiresAt) ? null : timeLeft(expiresAt - now),
    tone: "muted",
    lastError,
  };
}

/** The line's words in the reader's language: the main text, and the last archive error under it (as the server gave it). */
export function archiveText(
  view: ArchiveView,
  t: Translator<"gallery">,
  tTask: Translator<"task">,
  locale: string,
): { text: string; detail: string | null } {
  const detail = view.lastError ? t("archive.lastAttempt", { error: view.lastError }) : null;
  switch (view.state) {
    case "archived":
      return {
        text:
          view.size === null
            ? t("archive.archived")
            : t("archive.archivedSize", { size: formatBytes(view.size, locale) }),
        detail,
      };
    case "expired":
      return { text: t("archive.expired"), detail };
    case "pending":
      if (view.timeLeft === null) return { text: t("archive.pending"), detail };
      return {
        text: t("archive.pendingExpires", {
          timeLeft: tTask(`timeLeft.${view.timeLeft.key}`, { count: view.timeLeft.count ?? 0 }),
        }),
        detail,
      };
  }
}

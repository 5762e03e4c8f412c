import type { Translator } from "@/lib/i18n/messages";
import { lengthOf, shapeOf, SIZES, tierOf, type Orientation, type Size } from "@/lib/schemas/catalog";
import type { Task } from "@/lib/schemas/task";

// How a task's state reads to a person: a message key (label and one-line explanation under
// `task.status.<key>`), a symbol and a tone. Colour is never the only signal: every state has
// its own words and symbol. A reason the server gave (a retry's or a failure's) is shown as given.

export type StatusKey = "queued" | "retrying" | "submitted" | "processing" | "succeeded" | "failed";
export type StatusView = {
  key: StatusKey;
  symbol: string;
  reason: string | null;
  tone: "neutral" | "busy" | "good" | "bad" | "warn";
};

export function statusView(task: Task): StatusView {
  switch (task.state) {
    case "queued":
      return task.error
        ? { key: "retrying", symbol: "↻", reason: task.error.message, tone: "warn" }
        : { key: "queued", symbol: "…", reason: null, tone: "neutral" };
    case "submitted":
      return { key: "submitted", symbol: "↑", reason: null, tone: "busy" };
    case "processing":
      return { key: "processing", symbol: "◐", reason: null, tone: "busy" };
    case "succeeded":
      return { key: "succeeded", symbol: "✓", reason: null, tone: "good" };
    case "failed":
      return { key: "failed", symbol: "✕", reason: task.error?.message ?? null, tone: "bad" };
  }
}

/** An elapsed time as the card's clock shows it: "42 s" under a minute, else "m:ss". */
export type Elapsed =
  | { key: "seconds"; values: { seconds: number } }
  | { key: "clock"; values: { minutes: number; seconds: string } };

export function elapsed(ms: number): Elapsed {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0
    ? { key: "clock", values: { minutes: m, seconds: String(s % 60).padStart(2, "0") } }
    : { key: "seconds", values: { seconds: s } };
}

export function formatElapsed(ms: number, t: Translator<"task">): string {
  const e = elapsed(ms);
  return e.key === "clock" ? t("clock", e.values) : t("seconds", e.values);
}

/** A task's settings as the card's chips and the list row's line show them. */
export function settingLabels(request: Task["request"], t: Translator<"task">): string[] {
  const labels = [request.model, t("seconds", { seconds: lengthOf(request) })];
  if (request.aspect_ratio) labels.push(request.aspect_ratio);
  const tier = tierLabel(tierOf(request), t);
  if (tier) labels.push(tier);
  if (!request.aspect_ratio) {
    const shape = shapeLabel(shapeOf(request), t);
    if (shape) labels.push(shape);
  }
  return labels;
}

/** Sora's size in words, another service's tier as it is named ("1080p", "pro"). */
export function tierLabel(tier: string | null, t: Translator<"task">): string | null {
  if (tier === null) return null;
  return (SIZES as readonly string[]).includes(tier) ? t(`size.${tier as Size}`) : tier;
}

export function shapeLabel(shape: string | null, t: Translator<"task">): string | null {
  return shape === null ? null : t(`orientation.${shape as Orientation}`);
}

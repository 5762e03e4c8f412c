import type { Task } from "@/lib/schemas/task";

// How a task's state reads to a person: a label, a one-line explanation and a tone.
// Colour is never the only signal: every state has its own words and symbol.

export type StatusView = { label: string; symbol: string; detail: string; tone: "neutral" | "busy" | "good" | "bad" | "warn" };

export function statusView(task: Task): StatusView {
  switch (task.state) {
    case "queued":
      return task.error
        ? { label: "Retrying", symbol: "↻", detail: task.error.message, tone: "warn" }
        : { label: "Queued", symbol: "…", detail: "Waiting for a free slot to submit.", tone: "neutral" };
    case "submitted":
      return { label: "Submitted", symbol: "↑", detail: "Accepted by the provider; waiting for a renderer.", tone: "busy" };
    case "processing":
      return { label: "Rendering", symbol: "◐", detail: "The video is being generated.", tone: "busy" };
    case "succeeded":
      return { label: "Ready", symbol: "✓", detail: "", tone: "good" };
    case "failed":
      return { label: "Failed", symbol: "✕", detail: task.error?.message ?? "The task failed.", tone: "bad" };
  }
}

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}:${String(s % 60).padStart(2, "0")}` : `${s} s`;
}

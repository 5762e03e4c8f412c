import fs from "node:fs";
import path from "node:path";
import type { ServiceId } from "@/lib/schemas/catalog";
import type { AcceptedBody, RenderSpec } from "./services";

// The emulator's tasks, in memory and mirrored to one small JSON file per task, so a restarted
// studio still finds the tasks it accepted before (as the real service would), and saving one
// task never rewrites the others (a request may carry megabytes of inline images).

export type Outcome = { kind: "succeeded" } | { kind: "failed"; code: string; message: string; bare: boolean };

export type EmulatedTask = {
  id: string;
  traceId: string;
  videoId: string;
  createdAt: number; // ms
  /** Where the create call reached the emulator: signed video URLs in callbacks point there. */
  origin: string;
  request: AcceptedBody;
  service: ServiceId;
  /** Absent on tasks stored before the other services were emulated (all Sora's). */
  spec?: RenderSpec;
  outcome: Outcome;
  /** Path of the rendered MP4 once ready, and when it was (ms). */
  file?: string;
  readyAt?: number;
  callbackDone?: boolean;
};

export class TaskStore {
  private tasks = new Map<string, EmulatedTask>();
  private byVideo = new Map<string, EmulatedTask>();

  constructor(private readonly dir: string | null) {
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith(".json")) continue;
      try {
        // Tasks stored before the other services were emulated name none: they are Sora's.
        const stored = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as Omit<EmulatedTask, "service"> & {
          service?: ServiceId;
        };
        this.remember({ ...stored, service: stored.service ?? "sora" });
      } catch {
        // A file torn by a crash mid-write: skip it rather than refuse to boot.
      }
    }
  }

  get(id: string) {
    return this.tasks.get(id);
  }

  all() {
    return [...this.tasks.values()];
  }

  byVideoId(videoId: string) {
    return this.byVideo.get(videoId);
  }

  /** Written through before the caller answers: an accepted task survives a kill -9 at once. */
  put(task: EmulatedTask) {
    this.remember(task);
    if (!this.dir) return;
    const file = path.join(this.dir, `${task.id}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(task));
    fs.renameSync(`${file}.tmp`, file);
  }

  private remember(task: EmulatedTask) {
    this.tasks.set(task.id, task);
    this.byVideo.set(task.videoId, task);
  }
}

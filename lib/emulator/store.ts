import fs from "node:fs";
import path from "node:path";
import type { CreateBody } from "./validate";

// The emulator's tasks, in memory and mirrored to a JSON file, so a restarted studio still
// finds the tasks it accepted before (as the real service would).

export type Outcome =
  | { kind: "succeeded" }
  | { kind: "failed"; code: string; message: string; bare: boolean };

export type EmulatedTask = {
  id: string;
  traceId: string;
  videoId: string;
  createdAt: number; // ms
  /** Where the create call reached the emulator: signed video URLs in callbacks point there. */
  origin: string;
  request: CreateBody;
  outcome: Outcome;
  /** Path of the rendered MP4 once ready. */
  file?: string;
  callbackDone?: boolean;
};

export class TaskStore {
  private tasks = new Map<string, EmulatedTask>();

  constructor(private readonly file: string | null) {
    if (file && fs.existsSync(file)) {
      try {
        for (const task of JSON.parse(fs.readFileSync(file, "utf8")) as EmulatedTask[]) this.tasks.set(task.id, task);
      } catch {
        // A torn file from a crash: start empty rather than refuse to boot.
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
    return this.all().find((t) => t.videoId === videoId);
  }

  /** Written through before the caller answers: an accepted task survives a kill -9 at once. */
  put(task: EmulatedTask) {
    this.tasks.set(task.id, task);
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(`${this.file}.tmp`, JSON.stringify(this.all()));
    fs.renameSync(`${this.file}.tmp`, this.file);
  }
}

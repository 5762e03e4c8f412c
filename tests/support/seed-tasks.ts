import type { Kysely } from "kysely";
import { newTaskRow } from "@/lib/server/db/tasks-repo";
import type { Database, TaskRow } from "@/lib/server/db/schema";
import type { GenerationRequest } from "@/lib/schemas/generation";
import { durationsFor, MODELS, ORIENTATIONS, SIZES } from "@/lib/schemas/rules";
import { TASK_STATES } from "@/lib/schemas/task";

// A gallery of many tasks for list tests and bench/list.ts: varied English and Chinese prompts,
// every model, size, duration, orientation and state, favourites and tags, spread over 120 days.
// Deterministic (seeded), and written in bulk rather than one transaction per task.

const SUBJECTS = [
  "a red fox",
  "an old lighthouse",
  "a paper boat",
  "two astronauts",
  "a jazz trio",
  "a koi pond",
  "a desert caravan",
  "a neon street",
  "a glass whale",
  "a tiny robot",
  "a mountain village",
  "a steam train",
  "a violinist",
  "a snow leopard",
  "a flower market",
  "a submarine",
];
const ACTIONS = [
  "drifting through",
  "waking up in",
  "dancing across",
  "hiding behind",
  "racing along",
  "floating above",
  "sleeping under",
  "walking into",
];
const PLACES = [
  "a foggy harbour",
  "the rainy city",
  "an autumn forest",
  "a frozen lake",
  "the night sky",
  "a crowded market",
  "golden dunes",
  "a coral reef",
  "a quiet library",
  "the moon's surface",
];
const STYLES = [
  "cinematic lighting",
  "handheld camera",
  "slow motion",
  "35mm film grain",
  "watercolour style",
  "drone shot",
  "macro lens",
  "pastel palette",
  "noir",
  "timelapse",
];
const ZH = [
  "一只鲸鱼在海里游泳",
  "夕阳下的古老城墙",
  "雨夜里的霓虹街道",
  "竹林中的熊猫在吃竹子",
  "雪山上的小木屋",
  "金色麦田里的风",
  "樱花树下的少女",
  "月光照亮的湖面",
];
export const SEED_TAGS = ["moody", "client-a", "draft", "keeper", "b-roll", "night", "portrait-test", "水墨"];

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SeededTask = { row: TaskRow; tags: string[] };

export function seedRows(count: number, seed = 6, start = Date.UTC(2026, 6, 1)): SeededTask[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: SeededTask[] = [];
  const span = 120 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const model = pick(MODELS);
    const prompt =
      random() < 0.12
        ? `${pick(ZH)}，${pick(ZH)}`
        : `${pick(SUBJECTS)} ${pick(ACTIONS)} ${pick(PLACES)}, ${pick(STYLES)}, ${pick(STYLES)}`;
    const request: GenerationRequest = {
      prompt,
      model,
      size: pick(SIZES),
      duration: pick(durationsFor(model)),
      orientation: pick(ORIENTATIONS),
    };
    // Evenly spread, with a little jitter, so that some tasks share a created_at (the id breaks ties).
    const at = new Date(
      start + Math.floor((i / count) * span) - (i % 7 === 0 ? 0 : Math.floor(random() * 1000)),
    ).toISOString();
    const row = newTaskRow({ id: `seed-${seed}-${String(i).padStart(6, "0")}`, request, now: at });
    row.state = random() < 0.7 ? "succeeded" : pick(TASK_STATES);
    row.favourite = random() < 0.08 ? 1 : 0;
    const tags = [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(SEED_TAGS)))];
    out.push({ row, tags });
  }
  return out;
}

/** Writes seeded tasks in chunks (one statement per chunk), tags included. */
export async function insertSeeded(db: Kysely<Database>, tasks: SeededTask[]): Promise<void> {
  const CHUNK = 400;
  for (let i = 0; i < tasks.length; i += CHUNK) {
    const chunk = tasks.slice(i, i + CHUNK);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("tasks")
        .values(chunk.map((t) => t.row))
        .execute();
      const tags = chunk.flatMap((t) => t.tags.map((tag) => ({ task_id: t.row.id, tag })));
      if (tags.length > 0) await trx.insertInto("task_tags").values(tags).execute();
    });
  }
}

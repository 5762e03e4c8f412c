import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/server/db/schema";
import { insertTask, updateTaskIf } from "@/lib/server/db/tasks-repo";

/** A succeeded task with one video at `sourceUrl`, not yet archived, its link expiring at `expiresAt`. */
export async function insertSucceededVideo(
  database: Kysely<Database>,
  sourceUrl: string,
  expiresAt: string | null,
): Promise<{ taskId: string; videoId: string }> {
  const taskId = randomUUID();
  const videoId = randomUUID();
  const now = new Date().toISOString();
  await insertTask(database, {
    id: taskId,
    request: { prompt: "p", model: "sora-2", size: "small", duration: 10, orientation: "landscape" },
    now,
  });
  await updateTaskIf(database, taskId, "queued", { state: "succeeded", updated_at: now, finished_at: now }, [
    { id: videoId, upstreamId: "u", sourceUrl, expiresAt },
  ]);
  return { taskId, videoId };
}

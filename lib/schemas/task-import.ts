// zod/mini. `POST /api/tasks/import {task_id}`: the upstream id of a task created elsewhere
// (curl, another studio), to adopt it here.
import * as z from "zod/mini";

export const TASK_ID_MAX_CHARS = 200;

export const taskImportSchema = z.strictObject({
  task_id: z
    .string({ error: "task_id is required" })
    .check(
      z.trim(),
      z.minLength(1, { error: "task_id is required" }),
      z.maxLength(TASK_ID_MAX_CHARS, { error: "task_id is too long" }),
      z.regex(/^[A-Za-z0-9._:-]+$/, { error: "task_id has characters no AceData task id has" }),
    ),
});
export type TaskImport = z.output<typeof taskImportSchema>;

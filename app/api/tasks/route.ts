// GET /api/tasks: the gallery's list, newest first, with cursor pagination and filters.
import { z } from "zod";
import { MODELS } from "@/lib/schemas/rules";
import { TASK_STATES } from "@/lib/schemas/task";
import { AppError } from "@/lib/server/errors";
import { decodeCursor } from "@/lib/server/db/tasks-repo";
import { json, route } from "@/lib/server/http";
import { listTasks } from "@/lib/server/tasks";

export const dynamic = "force-dynamic";

const query = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(100).default(24),
  cursor: z.string().optional(),
  q: z.string().trim().max(200).optional(),
  state: z.enum(TASK_STATES).optional(),
  model: z.enum(MODELS).optional(),
});

export const GET = route("GET /api/tasks", async (req) => {
  const filter = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  if (filter.cursor !== undefined && !decodeCursor(filter.cursor)) throw new AppError(400, "invalid_request", "Invalid cursor: use nextCursor from a previous page.", { issues: [{ path: "cursor", message: "Unreadable cursor" }] });
  return json(await listTasks({ ...filter, q: filter.q || undefined }));
});

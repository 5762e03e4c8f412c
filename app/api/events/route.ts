// GET /api/events: Server-Sent Events of task changes (resumable with Last-Event-ID).
import { openEventStream } from "@/lib/server/http/event-stream";
import { sessionFromRequest } from "@/lib/server/auth/authorize";
import { route } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/events", async (req, _ctx, actor) =>
  // A signed-in stream ends when its session does (sign-out, disabling); with sign-in off there is none.
  openEventStream(req, actor.id ? { stillAllowed: async () => (await sessionFromRequest(req)) !== null } : {}),
);

// GET /api/events: Server-Sent Events of task changes (resumable with Last-Event-ID).
import { openEventStream } from "@/lib/server/event-stream";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = route("GET /api/events", async (req) => openEventStream(req));

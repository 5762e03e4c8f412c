// POST /api/callbacks/:secret: AceData's callback for one task (the secret is the task's own URL).
import { CALLBACK_BODY_MAX_BYTES, receiveCallback } from "@/lib/server/tasks/callbacks";
import { json, readJson, publicRoute } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

export const POST = publicRoute<{ params: Promise<{ secret: string }> }>(
  "POST /api/callbacks/:secret",
  async (req, ctx) => {
    const { secret } = await ctx.params;
    const outcome = await receiveCallback(secret, await readJson(req, CALLBACK_BODY_MAX_BYTES));
    return json({ received: true, outcome }, { status: outcome === "deferred" ? 202 : 200 });
  },
);

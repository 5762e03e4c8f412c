// Upstream calls needed to finish 5 concurrent 120 s tasks, and calls over 5 idle minutes:
// the studio's real poller (pollRound, its schedule, its database, its HTTP client) against
// the real emulator over HTTP, both on one fast clock, side by side with a naive poller that
// asks about each task on its own every 10 s (what open-source playgrounds do per browser tab).
//
//   npm run bench:calls        (node --conditions=react-server --import tsx bench/upstream-calls.ts)
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { Emulator } from "@/lib/emulator/emulator";

const TASKS = 5;
const LATENCY_MS = 120_000;
const STEP_MS = 250; // simulated time per loop turn
const NAIVE_EVERY_MS = 10_000;
const IDLE_MS = 5 * 60_000;

let simNow = Date.now();
const clock = () => simNow;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-calls-"));
const emulator = new Emulator({ latencyMs: LATENCY_MS, urlTtlS: 6 * 86400, dataDir, now: clock });
const calls = { create: 0, retrieve: 0, retrieve_batch: 0 };

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url}`;
  const request = new Request(url, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: body.length ? body : undefined,
  });
  let answer: Response;
  if (req.url === "/sora/videos") {
    calls.create++;
    answer = await emulator.videos(request);
  } else {
    const action = (JSON.parse(body.toString() || "{}") as { action?: string }).action;
    if (action === "retrieve" || action === "retrieve_batch") calls[action]++;
    answer = await emulator.tasks(request);
  }
  res.writeHead(answer.status, { "content-type": "application/json" });
  res.end(Buffer.from(await answer.arrayBuffer()));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// The studio's own modules, configured as a deployment with default poll settings.
Object.assign(process.env, {
  ACEDATACLOUD_API_TOKEN: "bench-token",
  ACEDATACLOUD_API_BASE_URL: upstream,
  STUDIO_DATA_DIR: path.join(dataDir, "studio"),
  UPSTREAM_MIN_SUBMIT_INTERVAL_MS: "0",
  LOG_LEVEL: "silent",
  // Submissions carry callback URLs; the emulator's own delivery to this dead port fails, and
  // the callback run delivers them itself, in simulated time. Until a callback has arrived the
  // poller cannot rely on them, so the polling-only run is unaffected.
  STUDIO_PUBLIC_URL: "http://127.0.0.1:9",
});
const { createGeneration, getTask } = await import("@/lib/server/tasks/lifecycle");
const { pollRound, noteCallbackArrived } = await import("@/lib/server/tasks/poller");
const { receiveCallback } = await import("@/lib/server/tasks/callbacks");

let run = 0;
// Distinct prompts per run: the emulator reuses a rendered clip for an identical request.
const request = (i: number) => ({
  prompt: `bench run ${run} task ${i}`,
  model: "sora-2" as const,
  size: "small" as const,
  duration: 10 as const,
  orientation: "landscape" as const,
});

/** Renders happen in real time; wait for them so simulated time alone decides when tasks finish. */
async function rendersDone(count: number) {
  const dir = path.join(dataDir, "emulator", "videos");
  while (
    !fs.existsSync(dir) ||
    fs.readdirSync(dir).filter((f) => f.endsWith(".mp4") && !f.includes(".partial.")).length < count
  )
    await new Promise((r) => setTimeout(r, 100));
}

function reset() {
  calls.create = calls.retrieve = calls.retrieve_batch = 0;
  // Each run starts on the wall clock, so the studio's own timestamps (submitted_at) agree with
  // it. (Going back is harmless: the previous run's tasks are finished and no longer asked about.)
  simNow = Date.now();
}

async function ours(label: string, opts: { callbacks: boolean }) {
  reset();
  run++;
  const ids: string[] = [];
  for (let i = 0; i < TASKS; i++) ids.push((await createGeneration(request(i))).task.id);
  await rendersDone(renderedSoFar + TASKS);
  renderedSoFar += TASKS;
  const start = simNow;
  const delivered = new Set<string>();
  for (;;) {
    simNow += STEP_MS;
    if (opts.callbacks && simNow - start >= LATENCY_MS) {
      // The provider's callbacks arrive as each task ends (they all end together here).
      for (const id of ids) {
        if (delivered.has(id)) continue;
        delivered.add(id);
        const task = await getTask(id);
        const secret = secretFor(task.upstreamTaskId as string);
        await receiveCallback(secret, { task_id: task.upstreamTaskId, success: true });
      }
    }
    await pollRound(new Date(simNow));
    const states = await Promise.all(ids.map(async (id) => (await getTask(id)).state));
    if (states.every((s) => s === "succeeded")) break;
    if (simNow - start > 10 * LATENCY_MS)
      throw new Error(`${label}: tasks did not finish: ${JSON.stringify(await Promise.all(ids.map(getTask)))}`);
  }
  const finishMs = simNow - start;
  const busy = calls.retrieve + calls.retrieve_batch;
  reset();
  const idleStart = simNow;
  while (simNow - idleStart < IDLE_MS) {
    simNow += STEP_MS;
    await pollRound(new Date(simNow));
  }
  return { label, calls: busy, finishedAfterS: finishMs / 1000, idleCalls: calls.retrieve + calls.retrieve_batch };
}

/** The callback URL the emulator was given for a task (it echoes the create body). */
function secretFor(upstreamTaskId: string): string {
  const file = path.join(dataDir, "emulator", "tasks", `${upstreamTaskId}.json`);
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { request: { callback_url: string } };
  return stored.request.callback_url.split("/").pop() as string;
}

async function naive() {
  reset();
  run++;
  const auth = { authorization: "Bearer bench-token", "content-type": "application/json" };
  const ids: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const res = await fetch(`${upstream}/sora/videos`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ ...request(i), async: true }),
    });
    ids.push(((await res.json()) as { task_id: string }).task_id);
  }
  await rendersDone(renderedSoFar + TASKS);
  renderedSoFar += TASKS;
  calls.create = 0;
  const start = simNow;
  const open = new Set(ids);
  const lastAsked = new Map(ids.map((id) => [id, start]));
  while (open.size > 0) {
    simNow += STEP_MS;
    for (const id of [...open]) {
      if (simNow - (lastAsked.get(id) as number) < NAIVE_EVERY_MS) continue;
      lastAsked.set(id, simNow);
      const res = await fetch(`${upstream}/sora/tasks`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ action: "retrieve", id }),
      });
      const record = (await res.json()) as { response?: { success?: boolean } };
      if (record.response?.success !== undefined) open.delete(id);
    }
  }
  const finishMs = simNow - start;
  const busy = calls.retrieve + calls.retrieve_batch;
  // A per-task poller has nothing to ask about once its tasks are done: 0 idle calls too,
  // but every open browser tab runs its own copy of this loop.
  return { label: "naive: each task alone every 10 s", calls: busy, finishedAfterS: finishMs / 1000, idleCalls: 0 };
}

let renderedSoFar = 0;
const rows = [await naive(), await ours("studio: one batch poller, polling only", { callbacks: false })];
noteCallbackArrived(simNow); // a deployment whose callbacks are known to arrive
rows.push(await ours("studio: with callbacks (known to work)", { callbacks: true }));

console.log(
  `\nUpstream calls to finish ${TASKS} concurrent ${LATENCY_MS / 1000} s tasks (simulated clock), then ${IDLE_MS / 60_000} idle minutes\n`,
);
console.log(
  `${"poller".padEnd(44)}${"calls".padStart(7)}${"seen done after".padStart(18)}${"idle calls".padStart(12)}`,
);
for (const r of rows)
  console.log(
    `${r.label.padEnd(44)}${String(r.calls).padStart(7)}${`${r.finishedAfterS.toFixed(1)} s`.padStart(18)}${String(r.idleCalls).padStart(12)}`,
  );
const [naiveRow, pollingRow, callbackRow] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
console.log(
  `\npolling only: ${(pollingRow.calls / naiveRow.calls).toFixed(2)} of the naive count (target ≤ 0.33); with callbacks: ${(callbackRow.calls / naiveRow.calls).toFixed(2)}`,
);
server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(
  pollingRow.calls * 3 <= naiveRow.calls && pollingRow.idleCalls === 0 && callbackRow.idleCalls === 0 ? 0 : 1,
);

import { expect, type APIRequestContext } from "@playwright/test";

/** The request the e2e specs submit unless they say otherwise: the cheapest video there is. */
const BASE_REQUEST = { model: "sora-2", size: "small", duration: 10, orientation: "landscape" };

/** Submits a task straight to the API (no composer) and returns the task as the API shows it. */
export async function submitTask<Task = { id: string }>(
  request: APIRequestContext,
  prompt: string,
  over: Record<string, unknown> = {},
): Promise<Task> {
  const res = await request.post("/api/videos", { data: { prompt, ...BASE_REQUEST, ...over } });
  expect(res.status(), await res.text()).toBe(202);
  return ((await res.json()) as { task: Task }).task;
}

/** Submits a task straight to the API and returns its id. */
export async function makeTask(
  request: APIRequestContext,
  prompt: string,
  over: Record<string, unknown> = {},
): Promise<string> {
  return (await submitTask(request, prompt, over)).id;
}

/** The state of each of these tasks, in order. */
export function taskStates(request: APIRequestContext, ids: string[]): Promise<string[]> {
  return Promise.all(
    ids.map(
      async (id) => ((await (await request.get(`/api/tasks/${id}`)).json()) as { task: { state: string } }).task.state,
    ),
  );
}

/** Waits until every one of these tasks has succeeded. */
export async function untilSucceeded(request: APIRequestContext, ids: string[]) {
  await expect
    .poll(async () => (await taskStates(request, ids)).every((s) => s === "succeeded"), {
      timeout: 60_000,
      intervals: [500],
    })
    .toBe(true);
}

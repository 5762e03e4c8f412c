import type { Task } from "@/lib/schemas/task";
import { downloadLink } from "@/lib/shared/download-name";

/** The href and download name of a link that saves one of a task's videos. */
export function downloadProps(
  url: string,
  task: Pick<Task, "request" | "createdAt">,
  index = 0,
): { href: string; download: string } {
  const { href, name } = downloadLink(url, task.request.prompt, new Date(task.createdAt), index);
  return { href, download: name };
}

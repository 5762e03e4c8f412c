import "server-only";
import { createHash } from "node:crypto";

/** The prompt history's grouping key: the sha256 (hex) of a task's prompt, exactly as stored. */
export function promptHash(prompt: string): string {
  return createHash("sha256").update(prompt, "utf8").digest("hex");
}

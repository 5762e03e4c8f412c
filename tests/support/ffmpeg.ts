import { execFileSync } from "node:child_process";

/** Runs ffmpeg quietly (errors only), overwriting its output; returns what it wrote to stdout. */
export function ffmpeg(args: string[]): Buffer {
  return execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args]);
}

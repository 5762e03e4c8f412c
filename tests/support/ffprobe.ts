import { execFileSync } from "node:child_process";

// Reads an MP4's first video stream with ffprobe (from Debian's ffmpeg), when it is installed.

export const hasFfprobe = (() => {
  try {
    execFileSync("ffprobe", ["-version"]);
    return true;
  } catch {
    return false;
  }
})();

export function probeVideo(file: string) {
  const out = execFileSync("ffprobe", [
    "-v",
    "error",
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=codec_name,width,height,pix_fmt:format=duration",
    "-of",
    "json",
    file,
  ]).toString();
  const json = JSON.parse(out) as {
    streams: { codec_name: string; width: number; height: number; pix_fmt: string }[];
    format: { duration: string };
  };
  const stream = json.streams[0];
  if (!stream) throw new Error(`${file} has no video stream`);
  return {
    codec: stream.codec_name,
    width: stream.width,
    height: stream.height,
    pixFmt: stream.pix_fmt,
    duration: Number(json.format.duration),
  };
}

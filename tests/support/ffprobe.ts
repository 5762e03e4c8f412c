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

/** Every stream of a media file (by type) and its duration. */
export function probeStreams(file: string) {
  const out = JSON.parse(
    execFileSync("ffprobe", [
      "-v",
      "error",
      "-show_entries",
      "format=duration:stream=codec_type,codec_name,width,height",
      "-of",
      "json",
      file,
    ]).toString(),
  ) as {
    format: { duration: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  };
  return {
    duration: Number(out.format.duration),
    video: out.streams.filter((s) => s.codec_type === "video"),
    audio: out.streams.filter((s) => s.codec_type === "audio"),
  };
}

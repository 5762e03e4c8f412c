import type { VideoHTMLAttributes } from "react";
import type { TaskVideo } from "@/lib/schemas/task";

type Props = Omit<VideoHTMLAttributes<HTMLVideoElement>, "src" | "poster" | "controls" | "preload"> & {
  video: Pick<TaskVideo, "url" | "posterUrl">;
};

/**
 * A made video to watch on its own (a task's detail, a storyboard shot's chosen take): its poster,
 * the browser's controls, and only its metadata loaded until it is played. Give it `key={video.id}`
 * so another video gets a fresh player.
 */
export function VideoPlayer({ video, ...props }: Props) {
  return <video {...props} src={video.url} poster={video.posterUrl ?? undefined} controls preload="metadata" />;
}

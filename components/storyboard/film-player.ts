// Plays a storyboard's chosen takes back to back as one film, without a gap between shots: two
// <video> elements take turns. While one plays, the other already holds the next shot, loaded
// and sought to its first frame, so at the cut it only has to start (and be shown). With a
// crossfade, the next shot starts that much before the current one ends and the two blend.
// Framework-free, so its timing does not depend on React's renders.

export type PlayerSegment = { url: string; start: number; end: number };
export type PlayerState = { playing: boolean; index: number; time: number; total: number; waiting: boolean };

const HAVE_METADATA = 1;
/** HTMLMediaElement.HAVE_FUTURE_DATA: the next frames are decoded and playback can start now. */
const HAVE_FUTURE_DATA = 3;
/** Treated as "at the end": a timeupdate or frame can land a hair before the exact end time. */
const END_EPSILON_S = 0.03;

export class FilmPlayer {
  private segments: PlayerSegment[] = [];
  private starts: number[] = [];
  private total = 0;
  private fade = 0;
  private index = 0;
  private active = 0;
  private playing = false;
  private fading = false;
  private frame = 0;
  /** Where each element should stand once its file's metadata is in. */
  private readonly wanted = new WeakMap<HTMLVideoElement, number>();
  /** How many cuts happened, and whether the next shot was ready at each (read by tests, via data attributes). */
  switches = 0;
  unreadySwitches = 0;

  constructor(
    private readonly videos: [HTMLVideoElement, HTMLVideoElement],
    private readonly onState: (state: PlayerState) => void,
  ) {
    for (const video of videos) {
      video.preload = "auto";
      video.playsInline = true;
      video.addEventListener("waiting", () => this.emit());
      video.addEventListener("playing", () => this.emit());
    }
  }

  /** New shots or timings (an edit): keeps the position when it still exists. */
  load(segments: PlayerSegment[], starts: number[], total: number, crossfade: number): void {
    const time = this.time();
    const changed = JSON.stringify(segments) !== JSON.stringify(this.segments);
    this.segments = segments;
    this.starts = starts;
    this.total = total;
    this.fade = crossfade;
    if (changed) this.seek(Math.min(time, total));
    else this.emit();
  }

  play(): void {
    if (this.segments.length === 0) return;
    if (this.time() >= this.total - END_EPSILON_S) this.seek(0);
    this.playing = true;
    void this.current()
      .play()
      .catch(() => this.pause());
    this.loop();
    this.emit();
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    for (const video of this.videos) video.pause();
    this.finishFade();
    this.emit();
  }

  /** Film time in seconds. */
  seek(time: number): void {
    if (this.segments.length === 0) {
      this.emit();
      return;
    }
    const clamped = Math.max(0, Math.min(time, this.total));
    let index = this.starts.findIndex(
      (start, i) => clamped < start + this.length(i) - this.fade || i === this.segments.length - 1,
    );
    if (index < 0) index = this.segments.length - 1;
    this.finishFade();
    this.index = index;
    const offset = Math.max(0, clamped - (this.starts[index] ?? 0));
    this.cue(this.current(), index, offset);
    this.show(this.active);
    this.cue(this.other(), index + 1, 0);
    if (this.playing)
      void this.current()
        .play()
        .catch(() => this.pause());
    this.emit();
  }

  /** Jumps to the start of a shot (by its place in the film). */
  jumpTo(index: number): void {
    this.seek(this.starts[index] ?? 0);
  }

  time(): number {
    const segment = this.segments[this.index];
    if (!segment) return 0;
    return (this.starts[this.index] ?? 0) + Math.max(0, this.current().currentTime - segment.start);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    for (const video of this.videos) {
      video.pause();
      video.removeAttribute("src");
      video.load();
    }
  }

  private length(index: number): number {
    const segment = this.segments[index];
    return segment ? segment.end - segment.start : 0;
  }

  private current(): HTMLVideoElement {
    return this.videos[this.active] as HTMLVideoElement;
  }

  private other(): HTMLVideoElement {
    return this.videos[1 - this.active] as HTMLVideoElement;
  }

  /** Puts a shot into an element at `offset` seconds into its played span, or empties the element. */
  private cue(video: HTMLVideoElement, index: number, offset: number): void {
    const segment = this.segments[index];
    if (!segment) {
      video.pause();
      return;
    }
    const at = segment.start + offset;
    const url = new URL(segment.url, window.location.href).href;
    // Only the latest cue counts: a seek made while the file still loads must not be undone
    // when its metadata arrives.
    this.wanted.set(video, at);
    if (video.src !== url) {
      video.src = url;
      video.addEventListener("loadedmetadata", () => (video.currentTime = this.wanted.get(video) ?? 0), { once: true });
    } else if (video.readyState >= HAVE_METADATA && Math.abs(video.currentTime - at) > 0.01) video.currentTime = at;
    video.pause();
  }

  private show(slot: number): void {
    this.videos.forEach((video, i) => {
      video.style.transition = "none";
      video.style.opacity = i === slot ? "1" : "0";
    });
  }

  private loop(): void {
    cancelAnimationFrame(this.frame);
    const tick = () => {
      if (!this.playing) return;
      this.step();
      this.emit();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** One look at the clock: start the crossfade, or cut to the next shot, or stop at the film's end. */
  private step(): void {
    const segment = this.segments[this.index];
    if (!segment) return;
    const video = this.current();
    const end = Math.min(segment.end, Number.isFinite(video.duration) ? video.duration : segment.end);
    const hasNext = this.index + 1 < this.segments.length;
    if (hasNext && this.fade > 0 && !this.fading && video.currentTime >= end - this.fade) {
      this.fading = true;
      const next = this.other();
      void next.play().catch(() => undefined);
      next.style.transition = `opacity ${this.fade}s linear`;
      video.style.transition = `opacity ${this.fade}s linear`;
      next.style.opacity = "1";
      video.style.opacity = "0";
    }
    if (video.currentTime < end - END_EPSILON_S && !video.ended) return;
    if (!hasNext) {
      this.pause();
      return;
    }
    this.cut();
  }

  /** The next shot becomes the current one; the freed element loads the shot after it. */
  private cut(): void {
    const next = this.other();
    this.switches++;
    if (next.readyState < HAVE_FUTURE_DATA) this.unreadySwitches++;
    if (!this.fading) void next.play().catch(() => undefined);
    const previous = this.current();
    this.active = 1 - this.active;
    this.index++;
    this.finishFade();
    this.show(this.active);
    previous.pause();
    this.cue(previous, this.index + 1, 0);
  }

  private finishFade(): void {
    this.fading = false;
  }

  private emit(): void {
    const video = this.current();
    this.onState({
      playing: this.playing,
      index: this.index,
      time: this.time(),
      total: this.total,
      waiting: this.playing && video.readyState < HAVE_FUTURE_DATA,
    });
  }
}

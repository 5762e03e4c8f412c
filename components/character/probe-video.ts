// What a character clip is, checked in the browser before it is uploaded (the server checks
// again): an MP4/QuickTime file by its `ftyp` box, and a length the browser can read.

/** True when the first bytes are an ISO media file (MP4, MOV): a `ftyp` box at offset 4. */
export function isMp4Family(head: Uint8Array): boolean {
  return head.length >= 8 && String.fromCharCode(...head.subarray(4, 8)) === "ftyp";
}

/** The clip's length in seconds, or undefined when the browser cannot read it as a video. */
export function probeVideo(file: Blob, timeoutMs = 15_000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const el = document.createElement("video");
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(seconds: number | undefined) {
      clearTimeout(timer);
      el.onloadedmetadata = el.onerror = null;
      el.removeAttribute("src");
      el.load();
      URL.revokeObjectURL(url);
      resolve(seconds);
    }
    el.preload = "metadata";
    el.muted = true;
    el.onloadedmetadata = () => finish(Number.isFinite(el.duration) ? el.duration : undefined);
    el.onerror = () => finish(undefined);
    el.src = url;
  });
}

// Checks the browser can do before a URL goes into the form: the server never fetches a
// user's URL (that would let anyone make it call any address), so reachability is checked here.

/** Loads `url` as an image, with a time limit; true when it decoded. */
export function loadsAsImage(url: string, timeoutMs = 15_000): Promise<boolean> {
  return new Promise((resolve) => {
    const img = new Image();
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(ok: boolean) {
      clearTimeout(timer);
      img.onload = img.onerror = null;
      resolve(ok);
    }
    img.onload = () => finish(img.naturalWidth > 0);
    img.onerror = () => finish(false);
    img.src = url;
  });
}

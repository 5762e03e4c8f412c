// Next calls register() once when a server process starts: start the background worker there,
// so tasks left unfinished by a restart resume without waiting for a request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startWorker } = await import("./lib/server/worker");
    startWorker();
  }
}

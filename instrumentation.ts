// Next calls register() once when a server process starts: validate the environment and start
// the background worker, so tasks left unfinished by a restart resume without waiting for a request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootServer } = await import("./lib/server/jobs/boot");
  bootServer();
}

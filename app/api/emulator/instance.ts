import "server-only";
import { Emulator } from "@/lib/emulator/emulator";
import { env } from "@/lib/server/platform/env";
import { processSingleton } from "@/lib/shared/process-singleton";

// Wires the emulator to the studio's configuration; the emulator module itself reads no env.
// Off (404) whenever a real token is set, so production never exposes it. In team mode it takes
// only the server's own derived token (see env.ts), so visitors cannot spend its renders.
// Its file URLs point at the internal URL: the origin safe-fetch.ts trusts when emulated, so the
// archive and the media proxy may fetch them although they are on this machine.

export function withEmulator(handle: (emulator: Emulator) => Promise<Response>): Promise<Response> | Response {
  const e = env();
  if (!e.emulated)
    return new Response(
      JSON.stringify({
        success: false,
        error: { code: "no_api", message: "the emulator is off: a real token is set" },
      }),
      { status: 404, headers: { "content-type": "application/json" } },
    );
  const emulator = processSingleton(
    "emulator",
    () =>
      new Emulator({
        latencyMs: e.EMULATOR_LATENCY_MS,
        token: e.EMULATOR_TOKEN ?? (e.STUDIO_AUTH === "on" ? e.upstreamToken : undefined),
        urlTtlS: e.EMULATOR_URL_TTL_S,
        dataDir: e.dataDir,
        faults: e.EMULATOR_FAULTS,
        fileOrigin: new URL(e.internalUrl).origin,
        render: e.EMULATOR_RENDER,
      }),
  );
  return handle(emulator);
}

import { execFileSync, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  CALLBACK_PLACEHOLDER,
  curlCommand,
  shellQuote,
  upstreamBody,
  upstreamCall,
} from "@/lib/schemas/request-preview";

const input = {
  prompt: 'It\'s a "quoted" $HOME `tick` prompt — 鲸鱼',
  model: "sora-2" as const,
  size: "small" as const,
  duration: 10,
  orientation: "landscape" as const,
};

describe("request preview", () => {
  it("is the body the studio sends: async, with a callback placeholder only when callbacks are on", () => {
    expect(upstreamBody(input, { callbacks: false })).toEqual({ ...input, async: true });
    expect(upstreamBody(input, { callbacks: true })).toEqual({
      ...input,
      async: true,
      callback_url: CALLBACK_PLACEHOLDER,
    });
  });

  it("quotes anything for a POSIX shell", () => {
    for (const text of ["plain", "it's", "'''", "$(rm -rf /)", "a\nb", '`x` \\ "y"']) {
      expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(text)}`]).toString()).toBe(text);
    }
  });

  it("the cURL command, run by a real shell, sends exactly the body with the token from the environment", async () => {
    let seen: { url?: string; auth?: string; body?: string } = {};
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen = { url: req.url, auth: req.headers.authorization, body };
        res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/emulator`;
    const call = upstreamCall(input, { callbacks: true });
    expect(call.path).toBe("/sora/videos");
    const command = curlCommand(call.body, base, call.path);
    expect(command).toContain("$ACEDATACLOUD_API_TOKEN");
    expect(command).not.toContain("callback_url");
    await new Promise<void>((resolve, reject) => {
      const child = spawn("sh", ["-c", command], { env: { ...process.env, ACEDATACLOUD_API_TOKEN: "tok-123" } });
      child.on("exit", (code: number) => (code === 0 ? resolve() : reject(new Error(`curl exited ${code}`))));
    });
    server.close();
    expect(seen.url).toBe("/api/emulator/sora/videos");
    expect(seen.auth).toBe("Bearer tok-123");
    expect(JSON.parse(seen.body as string)).toEqual({ ...input, async: true });
  });
});

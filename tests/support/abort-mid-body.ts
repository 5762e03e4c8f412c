// Run as its own process by tests/unit/safe-fetch.test.ts (a crash here must not take the test
// runner down with it): safeFetch a body, read a little, stop reading while the server closes
// its end (Connection: close, FIN), then abort. undici 6.26–6.29.1 throw an uncatchable
// AssertionError from the socket's 'end' handler here (nodejs/undici#5360), killing the process;
// the pinned 6.25.0 does not. Prints "survived" and exits 0 when the process lives.
import net from "node:net";
import { Agent } from "undici";
import { safeFetch } from "@/lib/server/platform/safe-fetch";

const server = net.createServer((socket) => {
  socket.on("error", () => undefined);
  socket.once("data", (head) => {
    const size = Number(/\/(\d+)/.exec(head.toString("latin1"))?.[1]);
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ncontent-length: ${size}\r\nconnection: close\r\n\r\n`);
    socket.end(Buffer.alloc(size, 0x61));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as net.AddressInfo).port;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The window is a parser paused on the last bytes the socket holds, which depends on the body's
// size against undici's buffers: a range of sizes, by both of safeFetch's paths (a trusted origin
// on undici's own dispatcher, an untrusted one on a custom dispatcher).
const custom = new Agent();
const paths = [
  { base: `http://127.0.0.1:${port}`, options: { trusted: new Set([`http://127.0.0.1:${port}`]) } },
  { base: `http://localhost:${port}`, options: { trusted: new Set<string>(), dispatcher: custom } },
];
for (const { base, options } of paths) {
  for (let size = 16 * 1024; size <= 128 * 1024; size += 16 * 1024) {
    const controller = new AbortController();
    const res = await safeFetch(`${base}/${size}`, { signal: controller.signal }, options);
    await res.body?.getReader().read();
    await sleep(100);
    controller.abort();
    await sleep(50);
  }
}
await custom.close();
server.close();
console.log("survived");
// Idle keep-alive sockets of undici's global dispatcher would hold the process a few seconds more.
process.exit(0);

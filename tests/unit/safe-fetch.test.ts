import { spawnSync } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

// safe-fetch.ts: which addresses the server refuses to connect to, in every spelling a URL can
// give them; that the refusal happens before any byte reaches them (a counting server sees no
// connection); that redirects are checked hop by hop and limited; that trusted origins pass.

process.env.LOG_LEVEL = "silent";
delete process.env.ACEDATACLOUD_API_TOKEN;
delete process.env.STUDIO_INTERNAL_URL;

const {
  checkedLookup,
  isPublicAddress,
  MAX_REDIRECTS,
  publicOnlyAgent,
  refusedAddressReason,
  safeFetch,
  trustedOrigins,
  UnsafeUrl,
} = await import("@/lib/server/platform/safe-fetch");
const { parseEnv } = await import("@/lib/server/platform/env");

/** A raw TCP server that only counts connections: nothing refused may ever reach it. */
let target: net.Server;
let targetPort = 0;
let connections = 0;
/** An HTTP server the tests trust, answering as `answer` says. */
let trustedServer: http.Server;
let trusted = "";
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;

beforeAll(async () => {
  target = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetPort = (target.address() as net.AddressInfo).port;
  trustedServer = http.createServer((req, res) => answer(req, res));
  await new Promise<void>((resolve) => trustedServer.listen(0, "127.0.0.1", resolve));
  trusted = `http://127.0.0.1:${(trustedServer.address() as net.AddressInfo).port}`;
  // Read by env() on its first call, below (trustedOrigins): this test's server is allowed.
  process.env.STUDIO_FETCH_ALLOW_ORIGINS = ` ${trusted}/any/path , https://cdn.example.com`;
});

afterAll(async () => {
  target?.close();
  trustedServer?.closeAllConnections();
  trustedServer?.close();
});

beforeEach(() => {
  connections = 0;
});

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof UnsafeUrl>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnsafeUrl);
  return error as InstanceType<typeof UnsafeUrl>;
}

describe("refusedAddressReason", () => {
  const refused: [string, RegExp][] = [
    ["127.0.0.1", /loopback/],
    ["127.255.255.254", /loopback/],
    ["10.0.0.1", /private/],
    ["10.255.255.255", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /link-local.*metadata/],
    ["169.254.0.1", /link-local/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.255", /carrier-grade NAT/],
    ["0.0.0.0", /unspecified/],
    ["0.1.2.3", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["239.255.255.250", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["240.0.0.1", /reserved/],
    ["192.0.0.8", /reserved/],
    ["192.0.2.1", /documentation/],
    ["198.51.100.7", /documentation/],
    ["203.0.113.9", /documentation/],
    ["198.18.0.1", /reserved/],
    ["::1", /loopback/],
    ["[::1]", /loopback/],
    ["::", /unspecified/],
    // IPv4-mapped, in both spellings: judged by the IPv4 address they reach.
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:7f00:1", /loopback/],
    ["::FFFF:A9FE:A9FE", /link-local/],
    ["::ffff:10.0.0.1", /private/],
    ["0:0:0:0:0:ffff:c0a8:101", /private/],
    // NAT64 with an embedded private address, and the local-use NAT64 prefix.
    ["64:ff9b::7f00:1", /loopback/],
    ["64:ff9b::10.0.0.1", /private/],
    ["64:ff9b::169.254.169.254", /link-local/],
    ["64:ff9b:1::a00:1", /private/],
    // 6to4 carrying 127.0.0.1 and 192.168.1.1.
    ["2002:7f00:1::1", /loopback/],
    ["2002:c0a8:101::", /private/],
    ["::127.0.0.1", /reserved/],
    ["fc00::1", /private/],
    ["fd12:3456:789a::1", /private/],
    ["fe80::1", /link-local/],
    ["fe80::1%eth0", /link-local/],
    ["febf:ffff::1", /link-local/],
    ["fec0::1", /private/],
    ["ff02::1", /multicast/],
    ["2001:db8::1", /documentation/],
    ["2001::1", /reserved/],
    ["100::1", /reserved/],
    ["4000::1", /reserved/],
    ["localhost", /not an IP/],
    ["", /not an IP/],
    ["127.1", /not an IP/],
  ];
  it.each(refused)("refuses %s", (ip, reason) => {
    expect(refusedAddressReason(ip)).toMatch(reason);
    expect(isPublicAddress(ip)).toBe(false);
  });

  // Public addresses, several just outside a refused range.
  const allowed = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "9.255.255.255",
    "11.0.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.167.255.255",
    "192.169.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
  ];
  it.each(allowed)("allows %s", (ip) => {
    expect(refusedAddressReason(ip)).toBeUndefined();
    expect(isPublicAddress(ip)).toBe(true);
  });
});

describe("safeFetch: URL forms", () => {
  // The URL parser turns each of these into a loopback or metadata address; none may connect.
  const forms = [
    "http://127.0.0.1:PORT/v.mp4",
    "http://2130706433:PORT/",
    "http://0x7f.1:PORT/",
    "http://0x7f000001:PORT/",
    "http://0177.0.0.1:PORT/",
    "http://127.1:PORT/",
    "http://127.0.0.1.:PORT/",
    "http://[::1]:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://[::ffff:7f00:1]:PORT/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]:PORT/",
    "http://[64:ff9b::127.0.0.1]:PORT/",
    "HTTP://0:PORT/",
    "https://127.0.0.1:PORT/",
    "http://user:pass@127.0.0.1:PORT/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://10.0.0.1/",
    "http://192.168.0.1:PORT/",
  ];
  it.each(forms)("refuses %s without connecting, naming no address", async (form) => {
    const url = form.replace("PORT", String(targetPort));
    const error = await refusal(safeFetch(url, {}, { trusted: new Set() }));
    expect(error.message).toMatch(/^The address was not fetched: it points at .+, which the studio does not fetch\.$/);
    expect(error.message).not.toMatch(/127|::|169\.254|10\.0|192\.168|localhost|PORT|\d{4,}/);
    expect(connections).toBe(0);
  });

  it.each([
    "file:///etc/passwd",
    "ftp://example.com/v.mp4",
    "data:video/mp4;base64,AAAA",
    "gopher://127.0.0.1:70/",
    "javascript:alert(1)",
    "not a url",
    "//127.0.0.1/",
  ])("refuses %s: not http(s) or not a URL", async (url) => {
    const error = await refusal(safeFetch(url, {}, { trusted: new Set() }));
    expect(error.reason).toMatch(/not an http:\/\/ or https:\/\/ address|not a valid URL/);
  });

  it("resolves a name at connect time and refuses where it leads (localhost is loopback)", async () => {
    const error = await refusal(safeFetch(`http://localhost:${targetPort}/`, {}, { trusted: new Set() }));
    expect(error.reason).toMatch(/loopback/);
    expect(connections).toBe(0);
  });

  it("checks the address the connection is made to: the connector asks DNS itself, at connect", async () => {
    const asked: string[] = [];
    const agent = publicOnlyAgent((hostname, callback) => {
      asked.push(hostname);
      callback(null, [{ address: "127.0.0.1", family: 4 }]);
    });
    try {
      const error = await refusal(
        safeFetch(`http://rebound.test:${targetPort}/`, {}, { trusted: new Set(), dispatcher: agent }),
      );
      expect(error.reason).toMatch(/loopback/);
      expect(asked).toEqual(["rebound.test"]);
      expect(connections).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it("lets a name that resolves to public addresses through to the connection", async () => {
    const agent = publicOnlyAgent((_hostname, callback) => callback(null, [{ address: "93.184.216.34", family: 4 }]));
    try {
      // No internet here: the connection itself fails or times out, but it is not refused.
      const outcome = await safeFetch(
        "http://public.test/",
        { signal: AbortSignal.timeout(1_000) },
        { trusted: new Set(), dispatcher: agent },
      ).then(
        (res) => res,
        (e: unknown) => e,
      );
      expect(outcome).not.toBeInstanceOf(UnsafeUrl);
    } finally {
      await agent.destroy();
    }
  });
});

describe("checkedLookup", () => {
  const lookup = (answers: { address: string; family: number }[], all: boolean) =>
    new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
      checkedLookup((_h, cb) => cb(null, answers))("h.test", { all }, (error, address, family) =>
        resolve({ error, address, family }),
      ),
    );

  it("hands net.connect the checked addresses, in its single and `all` forms", async () => {
    const answers = [
      { address: "2606:4700:4700::1111", family: 6 },
      { address: "1.1.1.1", family: 4 },
    ];
    expect(await lookup(answers, true)).toEqual({ error: null, address: answers, family: undefined });
    expect(await lookup(answers, false)).toEqual({ error: null, address: "2606:4700:4700::1111", family: 6 });
  });

  it("refuses a name when any of its addresses is not public (a rebinding answer mixes them)", async () => {
    for (const all of [true, false]) {
      const { error } = await lookup(
        [
          { address: "1.1.1.1", family: 4 },
          { address: "169.254.169.254", family: 4 },
        ],
        all,
      );
      expect(error).toBeInstanceOf(UnsafeUrl);
      expect((error as InstanceType<typeof UnsafeUrl>).reason).toMatch(/link-local/);
    }
  });

  it("passes DNS failures on as they are", async () => {
    const failure = Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    const error = await new Promise<Error | null>((resolve) =>
      checkedLookup((_h, cb) => cb(failure, []))("x.test", { all: true }, (e) => resolve(e)),
    );
    expect(error).toBe(failure);
  });
});

describe("safeFetch: redirects and trusted origins", () => {
  it("fetches a trusted origin (from STUDIO_FETCH_ALLOW_ORIGINS) although it is on loopback", async () => {
    answer = (_req, res) => res.writeHead(200, { "content-type": "video/mp4" }).end("bytes");
    const res = await safeFetch(`${trusted}/v.mp4`, { headers: { range: "bytes=0-" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("bytes");
  });

  it("trusts the allow-list's origins, the upstream's and, when emulated, the internal URL's; nothing else", () => {
    expect([...trustedOrigins()].sort()).toEqual([trusted, "http://127.0.0.1:3000", "https://cdn.example.com"].sort());
    const real = parseEnv({ ACEDATACLOUD_API_TOKEN: "t", ACEDATACLOUD_API_BASE_URL: "https://api.example.net/v1/" });
    expect(real.STUDIO_FETCH_ALLOW_ORIGINS).toEqual([]);
    expect(
      parseEnv({ STUDIO_FETCH_ALLOW_ORIGINS: "http://a.test:81/x,https://b.test" }).STUDIO_FETCH_ALLOW_ORIGINS,
    ).toEqual(["http://a.test:81", "https://b.test"]);
    expect(() => parseEnv({ STUDIO_FETCH_ALLOW_ORIGINS: "https://ok.test, ftp://files.test" })).toThrow(
      /STUDIO_FETCH_ALLOW_ORIGINS: "ftp:\/\/files.test" is not an http:\/\/ or https:\/\/ origin/,
    );
    expect(() => parseEnv({ STUDIO_FETCH_ALLOW_ORIGINS: "files.test" })).toThrow(/STUDIO_FETCH_ALLOW_ORIGINS/);
  });

  it.each([
    ["a loopback address on another port", () => `http://127.0.0.1:${targetPort}/v.mp4`, /loopback/],
    ["the cloud metadata service", () => "http://169.254.169.254/latest/meta-data/iam/", /link-local/],
    ["a mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${targetPort}/`, /loopback/],
    ["localhost by name", () => `http://localhost:${targetPort}/`, /loopback/],
    ["a file", () => "file:///etc/passwd", /not an http/],
  ])("refuses a trusted origin's redirect to %s", async (_what, location, reason) => {
    answer = (_req, res) => res.writeHead(302, { location: location() }).end();
    const error = await refusal(safeFetch(`${trusted}/v.mp4`));
    expect(error.reason).toMatch(reason);
    expect(connections).toBe(0);
  });

  it(`follows up to ${MAX_REDIRECTS} redirects (relative ones too) and refuses the one after`, async () => {
    const seen: string[] = [];
    answer = (req, res) => {
      seen.push(req.url ?? "");
      const n = Number(/\/hop\/(\d+)/.exec(req.url ?? "")?.[1] ?? 0);
      const last = Number(new URL(req.url ?? "/", trusted).searchParams.get("last"));
      if (n < last) return void res.writeHead(n % 2 ? 301 : 307, { location: `/hop/${n + 1}?last=${last}` }).end();
      res.writeHead(200).end(`hop ${n}`);
    };
    const res = await safeFetch(`${trusted}/hop/0?last=${MAX_REDIRECTS}`);
    expect(await res.text()).toBe(`hop ${MAX_REDIRECTS}`);
    expect(seen).toHaveLength(MAX_REDIRECTS + 1);
    seen.length = 0;
    const error = await refusal(safeFetch(`${trusted}/hop/0?last=${MAX_REDIRECTS + 1}`));
    expect(error.reason).toBe(`it redirected more than ${MAX_REDIRECTS} times`);
    expect(seen).toHaveLength(MAX_REDIRECTS + 1);
  });

  it("returns a 3xx without a Location as it is", async () => {
    answer = (_req, res) => res.writeHead(304).end();
    expect((await safeFetch(`${trusted}/v.mp4`)).status).toBe(304);
  });
});

describe("undici pin", () => {
  // undici 6.26–6.29.1 crash the process with an uncatchable assertion here (nodejs/undici#5360);
  // package.json pins 6.25.0. The scenario runs in its own process so a crash shows as its exit.
  it("a safeFetch aborted mid-body while the server closes its end leaves the process alive", () => {
    const script = path.resolve("tests/support/abort-mid-body.ts");
    const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/AssertionError/);
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: "survived" });
  });
});

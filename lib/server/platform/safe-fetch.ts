import "server-only";
import dns from "node:dns";
import net from "node:net";
import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher } from "undici";
import { env } from "./env";

// Fetches a URL that came from outside (a provider's video link, stored on a task) without
// letting it reach the studio's own network: loopback, private ranges, link-local (the cloud
// metadata service at 169.254.169.254), and every other address that is not publicly routable.
//
// The check runs where the socket is opened: a hostname is resolved by our own lookup, every
// address it gives is checked, and the connection goes to exactly the address that was checked.
// Checking before fetching and then letting fetch resolve again would let a DNS answer that
// changes in between (rebinding) slip through. Redirects are followed by hand, each hop checked.
//
// Origins the studio trusts by configuration (the upstream it calls, the embedded emulator,
// STUDIO_FETCH_ALLOW_ORIGINS) are fetched without the address check: they may well be local.

/** More hops than any provider's CDN uses; a loop ends here. */
export const MAX_REDIRECTS = 5;

/**
 * Why a URL was not fetched. `reason` is a plain phrase ("it points at a loopback address (this
 * machine)") for a caller's own sentence; neither it nor the message names the address.
 */
export class UnsafeUrl extends Error {
  override name = "UnsafeUrl";
  constructor(readonly reason: string) {
    super(`The address was not fetched: ${reason}.`);
  }
}

// --- addresses -----------------------------------------------------------------------------

type Range = { bits: number; prefix: bigint; reason: string };

function v4(text: string): bigint | undefined {
  if (!net.isIPv4(text)) return undefined;
  return text.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** The 128-bit value of an IPv6 address (zone id and a trailing dotted quad allowed). */
function v6(text: string): bigint | undefined {
  const address = text.replace(/%.*$/, "");
  if (!net.isIPv6(address)) return undefined;
  let words = address;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (quad) {
    const dotted = quad[1] as string;
    const n = v4(dotted) as bigint;
    words = `${address.slice(0, -dotted.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = words.includes("::") ? words.split("::") : [words, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const range = (base: bigint, bits: number, width: number, reason: string): Range => ({
  bits,
  prefix: base >> BigInt(width - bits),
  reason,
});
const r4 = (cidr: string, reason: string): Range => {
  const [base, bits] = cidr.split("/");
  return range(v4(base as string) as bigint, Number(bits), 32, reason);
};
const r6 = (cidr: string, reason: string): Range => {
  const [base, bits] = cidr.split("/");
  return range(v6(base as string) as bigint, Number(bits), 128, reason);
};

const LOOPBACK = "a loopback address (this machine)";
const PRIVATE = "a private network address";
const LINK_LOCAL = "a link-local address (such as a cloud metadata service)";
const RESERVED = "a reserved or special-purpose address";
const MULTICAST = "a multicast address";

// IANA's special-purpose registries; the more specific ranges first, so the reason is precise.
const V4_REFUSED: Range[] = [
  r4("255.255.255.255/32", "the broadcast address"),
  r4("0.0.0.0/8", "an unspecified address (0.0.0.0/8)"),
  r4("10.0.0.0/8", PRIVATE),
  r4("100.64.0.0/10", "a carrier-grade NAT address"),
  r4("127.0.0.0/8", LOOPBACK),
  r4("169.254.0.0/16", LINK_LOCAL),
  r4("172.16.0.0/12", PRIVATE),
  r4("192.0.0.0/24", RESERVED),
  r4("192.0.2.0/24", "a documentation address"),
  r4("192.88.99.0/24", RESERVED),
  r4("192.168.0.0/16", PRIVATE),
  r4("198.18.0.0/15", RESERVED),
  r4("198.51.100.0/24", "a documentation address"),
  r4("203.0.113.0/24", "a documentation address"),
  r4("224.0.0.0/4", MULTICAST),
  r4("240.0.0.0/4", RESERVED),
];

const V6_REFUSED: Range[] = [
  r6("::/128", "an unspecified address (::)"),
  r6("::1/128", LOOPBACK),
  r6("64:ff9b:1::/48", PRIVATE),
  r6("100::/64", RESERVED),
  r6("2001:db8::/32", "a documentation address"),
  // Teredo, ORCHID and other IETF protocol assignments: tunnels and identifiers, not hosts.
  r6("2001::/23", RESERVED),
  r6("3fff::/20", "a documentation address"),
  r6("5f00::/16", RESERVED),
  r6("fc00::/7", PRIVATE),
  r6("fe80::/10", LINK_LOCAL),
  r6("fec0::/10", PRIVATE),
  r6("ff00::/8", MULTICAST),
];
/** Global unicast: IPv6 outside it is not an internet host. */
const V6_GLOBAL = r6("2000::/3", "");

function match(value: bigint, width: number, ranges: Range[]): string | undefined {
  return ranges.find((r) => value >> BigInt(width - r.bits) === r.prefix)?.reason;
}

const NAT64_PREFIX = (v6("64:ff9b::") as bigint) >> 32n;

/** The IPv4 address an IPv6 one leads to: mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
function embeddedV4(six: bigint): bigint | undefined {
  const top96 = six >> 32n;
  if (top96 === 0xffffn || top96 === NAT64_PREFIX) return six & 0xffffffffn;
  if (six >> 112n === 0x2002n) return (six >> 80n) & 0xffffffffn;
  return undefined;
}

/**
 * Why the server must not connect to `ip`, or undefined for a public address. IPv6 forms that
 * carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::)
 * are judged by the IPv4 address they lead to.
 */
export function refusedAddressReason(ip: string): string | undefined {
  const text = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const four = v4(text);
  if (four !== undefined) return match(four, 32, V4_REFUSED);
  const six = v6(text);
  if (six === undefined) return "not an IP address";
  const embedded = embeddedV4(six);
  if (embedded !== undefined) return match(embedded, 32, V4_REFUSED);
  const reason = match(six, 128, V6_REFUSED);
  if (reason) return reason;
  return six >> 125n === V6_GLOBAL.prefix ? undefined : RESERVED;
}

export const isPublicAddress = (ip: string): boolean => refusedAddressReason(ip) === undefined;

// --- connecting ---------------------------------------------------------------------------

type LookupAddress = { address: string; family: number };
type Resolve = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const systemResolve: Resolve = (hostname, callback) => dns.lookup(hostname, { all: true }, callback);

const refusal = (reason: string) => new UnsafeUrl(`it points at ${reason}, which the studio does not fetch`);

/**
 * A `lookup` for net/tls.connect that resolves the name itself and fails when any address it
 * resolves to is not public (one bad answer among good ones is a sign of rebinding, not luck).
 */
export function checkedLookup(resolve: Resolve = systemResolve) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      for (const a of addresses) {
        const reason = refusedAddressReason(a.address);
        if (reason) return callback(refusal(reason), []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
}

/** An undici dispatcher whose every connection goes only to a public address. */
export function publicOnlyAgent(resolve?: Resolve): Agent {
  const connector = buildConnector({ lookup: checkedLookup(resolve) } as buildConnector.BuildOptions);
  return new Agent({
    connect(options, callback) {
      // An IP literal never reaches `lookup` (net connects to it directly): check it here.
      if (net.isIP(options.hostname)) {
        const reason = refusedAddressReason(options.hostname);
        if (reason) return callback(refusal(reason), null);
      }
      return connector(options, callback);
    },
  });
}

let sharedAgent: Agent | undefined;
/** One public-only agent per process, made on first use (its connection pool is shared). */
function sharedPublicAgent(): Agent {
  sharedAgent ??= publicOnlyAgent();
  return sharedAgent;
}

// --- fetching -----------------------------------------------------------------------------

/** Origins fetched without the address check: the configured upstream, the emulator, the allow-list. */
export function trustedOrigins(): Set<string> {
  const e = env();
  const origins = new Set(e.STUDIO_FETCH_ALLOW_ORIGINS);
  origins.add(new URL(e.upstreamBaseUrl).origin);
  if (e.emulated) origins.add(new URL(e.internalUrl).origin);
  return origins;
}

/** Only what the callers need: reads, no request body (a redirect could not replay one). */
export type SafeFetchInit = { method?: "GET" | "HEAD"; headers?: Record<string, string>; signal?: AbortSignal };
export type SafeFetchOptions = { trusted?: Set<string>; dispatcher?: Dispatcher };

/**
 * `fetch` for a URL from outside: http(s) only, redirects followed by hand (at most
 * MAX_REDIRECTS, each hop checked anew), every untrusted hop connected only to public addresses.
 * Throws UnsafeUrl for a URL it will not fetch; other failures are fetch's own.
 */
export async function safeFetch(
  input: string | URL,
  init: SafeFetchInit = {},
  options: SafeFetchOptions = {},
): Promise<Response> {
  const trusted = options.trusted ?? trustedOrigins();
  let url = parse(String(input));
  for (let hop = 0; ; hop++) {
    const dispatcher = trusted.has(url.origin) ? undefined : (options.dispatcher ?? sharedPublicAgent());
    if (dispatcher) {
      // Refused before any connection is tried; the connector checks again (and names by DNS).
      const host = url.hostname.replace(/^\[|\]$/g, "");
      const reason = net.isIP(host) ? refusedAddressReason(host) : undefined;
      if (reason) throw refusal(reason);
    }
    let res: Response;
    try {
      res = (await undiciFetch(url, {
        method: init.method ?? "GET",
        headers: init.headers,
        signal: init.signal,
        redirect: "manual",
        ...(dispatcher ? { dispatcher } : {}),
      })) as unknown as Response;
    } catch (error) {
      throw unsafeCause(error) ?? error;
    }
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (location === null) return res;
    await res.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) throw new UnsafeUrl(`it redirected more than ${MAX_REDIRECTS} times`);
    url = parse(location, url);
  }
}

function parse(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new UnsafeUrl("it is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UnsafeUrl("it is not an http:// or https:// address");
  return url;
}

/** fetch wraps a refused connection as TypeError("fetch failed", { cause }): find ours. */
function unsafeCause(error: unknown): UnsafeUrl | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof UnsafeUrl) return e;
  }
  return undefined;
}

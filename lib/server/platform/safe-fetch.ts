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
// Parsing and range matching are Node's (net.BlockList); which ranges are refused, and why, is ours.

const LOOPBACK = "a loopback address (this machine)";
const PRIVATE = "a private network address";
const LINK_LOCAL = "a link-local address (such as a cloud metadata service)";
const RESERVED = "a reserved or special-purpose address";
const MULTICAST = "a multicast address";
const DOCUMENTATION = "a documentation address";

type Rule = { list: net.BlockList; reason: string };

/** A block list of `cidrs` (each `address/bits`). */
function blockList(cidrs: string[], family: "ipv4" | "ipv6"): net.BlockList {
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split("/") as [string, string];
    list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** The IPv6 ranges that carry an IPv4 address, and how each spells the range that carries `a.b.c.d/bits`. */
const CARRIERS: [carrier: string, carried: (quad: string, bits: number) => string][] = [
  ["::ffff:0:0/96", (quad, bits) => `::ffff:${quad}/${96 + bits}`], // IPv4-mapped
  ["64:ff9b::/96", (quad, bits) => `64:ff9b::${quad}/${96 + bits}`], // NAT64
  [
    "2002::/16", // 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
    (quad, bits) => {
      const [a, b, c, d] = quad.split(".").map(Number) as [number, number, number, number];
      return `2002:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}::/${16 + bits}`;
    },
  ],
];
const CARRIES_V4 = blockList(
  CARRIERS.map(([carrier]) => carrier),
  "ipv6",
);

/** Each IPv4 range, with the IPv6 ranges that carry it (so those are judged by the IPv4 address they reach). */
function v4Rule(cidr: string, reason: string): Rule {
  const list = blockList([cidr], "ipv4");
  const [quad, bits] = cidr.split("/") as [string, string];
  for (const [, carried] of CARRIERS) {
    const [address, length] = carried(quad, Number(bits)).split("/") as [string, string];
    list.addSubnet(address, Number(length), "ipv6");
  }
  return { list, reason };
}
const v6Rule = (cidr: string, reason: string): Rule => ({ list: blockList([cidr], "ipv6"), reason });

// IANA's special-purpose registries; the more specific ranges first, so the reason is precise.
const V4_REFUSED: Rule[] = [
  v4Rule("255.255.255.255/32", "the broadcast address"),
  v4Rule("0.0.0.0/8", "an unspecified address (0.0.0.0/8)"),
  v4Rule("10.0.0.0/8", PRIVATE),
  v4Rule("100.64.0.0/10", "a carrier-grade NAT address"),
  v4Rule("127.0.0.0/8", LOOPBACK),
  v4Rule("169.254.0.0/16", LINK_LOCAL),
  v4Rule("172.16.0.0/12", PRIVATE),
  v4Rule("192.0.0.0/24", RESERVED),
  v4Rule("192.0.2.0/24", DOCUMENTATION),
  v4Rule("192.88.99.0/24", RESERVED),
  v4Rule("192.168.0.0/16", PRIVATE),
  v4Rule("198.18.0.0/15", RESERVED),
  v4Rule("198.51.100.0/24", DOCUMENTATION),
  v4Rule("203.0.113.0/24", DOCUMENTATION),
  v4Rule("224.0.0.0/4", MULTICAST),
  v4Rule("240.0.0.0/4", RESERVED),
];

const V6_REFUSED: Rule[] = [
  v6Rule("::/128", "an unspecified address (::)"),
  v6Rule("::1/128", LOOPBACK),
  v6Rule("64:ff9b:1::/48", PRIVATE),
  v6Rule("100::/64", RESERVED),
  v6Rule("2001:db8::/32", DOCUMENTATION),
  // Teredo, ORCHID and other IETF protocol assignments: tunnels and identifiers, not hosts.
  v6Rule("2001::/23", RESERVED),
  v6Rule("3fff::/20", DOCUMENTATION),
  v6Rule("5f00::/16", RESERVED),
  v6Rule("fc00::/7", PRIVATE),
  v6Rule("fe80::/10", LINK_LOCAL),
  v6Rule("fec0::/10", PRIVATE),
  v6Rule("ff00::/8", MULTICAST),
];
/** Global unicast: IPv6 outside it is not an internet host. */
const V6_GLOBAL = blockList(["2000::/3"], "ipv6");

const firstReason = (rules: Rule[], address: string, family: "ipv4" | "ipv6") =>
  rules.find((rule) => rule.list.check(address, family))?.reason;

/**
 * Why the server must not connect to `ip`, or undefined for a public address. IPv6 forms that
 * carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::)
 * are judged by the IPv4 address they lead to.
 */
export function refusedAddressReason(ip: string): string | undefined {
  const text = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  // Only the strict forms: a URL's 127.1 or 0x7f.1 reaches here already normalised.
  if (net.isIPv4(text)) return firstReason(V4_REFUSED, text, "ipv4");
  const address = text.replace(/%.*$/, ""); // a zone id names an interface, not another address
  if (!net.isIPv6(address)) return "not an IP address";
  if (CARRIES_V4.check(address, "ipv6")) return firstReason(V4_REFUSED, address, "ipv6");
  return firstReason(V6_REFUSED, address, "ipv6") ?? (V6_GLOBAL.check(address, "ipv6") ? undefined : RESERVED);
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

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The deployment files read as text (no YAML parser among the dependencies): the pieces
// README's "Deployment" promises are there, and every variable they pass is one the studio
// reads and .env.example explains. tests/integration/standalone.test.ts runs the server the
// image runs; no test here starts Docker.

const root = path.resolve(import.meta.dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const compose = read("deploy/compose.yaml");
const caddyfile = read("deploy/Caddyfile");
const dockerfile = read("Dockerfile");
const envExample = read("deploy/.env.example");

/** The top-level keys of `services:` and the text of each. */
function services(yaml: string): Map<string, string> {
  const body = /^services:\n([\s\S]*?)(?=^\S)/m.exec(yaml)?.[1] ?? "";
  const found = new Map<string, string>();
  for (const part of body.split(/^(?= {2}[a-z0-9-]+:\s*$)/m)) {
    const name = /^ {2}([a-z0-9-]+):/.exec(part)?.[1];
    if (name) found.set(name, part);
  }
  return found;
}

describe("deploy/compose.yaml", () => {
  const all = services(compose);
  const anchor = /^x-studio: &studio\n([\s\S]*?)(?=^\S)/m.exec(compose)?.[1] ?? "";

  it("runs postgres, two studio instances and a proxy, each with a health check", () => {
    expect([...all.keys()].sort()).toEqual(["caddy", "postgres", "studio-1", "studio-2"]);
    expect(all.get("postgres")).toMatch(/image: postgres:16/);
    expect(all.get("postgres")).toMatch(/healthcheck:[\s\S]*pg_isready/);
    for (const name of ["studio-1", "studio-2"]) expect(all.get(name)).toMatch(/<<: \*studio/);
    expect(anchor).toMatch(/dockerfile: Dockerfile/);
    expect(anchor).toMatch(/healthcheck:[\s\S]*\/api\/health/);
    expect(all.get("caddy")).toMatch(/healthcheck:/);
    expect(all.get("caddy")).toMatch(/\.\/Caddyfile:\/etc\/caddy\/Caddyfile/);
  });

  it("points both instances at that postgres once it is healthy, in team mode, on one shared data volume", () => {
    expect(anchor).toMatch(/postgres:\n\s+condition: service_healthy/);
    expect(anchor).toMatch(/DATABASE_URL: postgres:\/\/[^\n]*@postgres:5432\//);
    expect(anchor).toMatch(/STUDIO_AUTH: "on"/);
    expect(anchor).toMatch(/- studio-data:\/data\n/);
    expect(anchor).toMatch(/STUDIO_DATA_DIR: \/data\n/);
  });

  it("passes only variables the studio reads, and .env.example explains every one it takes from there", () => {
    const envTs = read("lib/server/platform/env.ts");
    const schema = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(envTs)?.[1] ?? "";
    const known = new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]));
    expect(known.has("STUDIO_SESSION_SECRET")).toBe(true);
    const environment = /^ {2}environment:\n((?: {4}.*\n)+)/m.exec(anchor)?.[1] ?? "";
    const passed = [...environment.matchAll(/^ {4}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] as string);
    expect(passed.length).toBeGreaterThan(5);
    // HOSTNAME is Next's own: the address server.js listens on.
    for (const name of passed) expect(known.has(name) || name === "HOSTNAME", name).toBe(true);
    const interpolated = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string));
    for (const name of interpolated) expect(envExample, name).toMatch(new RegExp(`^${name}=`, "m"));
  });
});

describe("deploy/Caddyfile", () => {
  it("balances both instances round robin, checks /api/health and never buffers the event stream", () => {
    expect(caddyfile).toMatch(/reverse_proxy studio-1:3000 studio-2:3000 \{/);
    expect(caddyfile).toMatch(/^\s+lb_policy round_robin$/m);
    expect(caddyfile).toMatch(/^\s+health_uri \/api\/health$/m);
    expect(caddyfile).toMatch(/^\s+flush_interval -1$/m);
  });
});

describe("Dockerfile", () => {
  it("builds and runs on one base image, as the node user, with ffmpeg, the font the emulator draws with, and a health check", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((m) => [m[1], m[2]]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build argument, not a template
    const nodeImage = "${NODE_IMAGE}";
    expect(stages).toEqual([
      [nodeImage, "deps"],
      [nodeImage, "build"],
      [nodeImage, "runtime"],
    ]);
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).toMatch(/apt-get install[^\n]*\bffmpeg\b[^\n]*\bfonts-dejavu-core\b/);
    // fonts-dejavu-core is the package that installs this directory's DejaVuSans.ttf.
    expect(read("lib/emulator/video.ts")).toContain('const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"');
    expect(runtime).toMatch(/COPY --from=build [^\n]*\/app\/\.next\/standalone \.\//);
    expect(runtime).toMatch(/COPY --from=build [^\n]*\/app\/\.next\/static \.\/\.next\/static/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/STUDIO_DATA_DIR=\/data/);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*fetch\([^\n]*\/api\/health/m);
    expect(runtime).toMatch(/^CMD \["node", "server\.js"\]$/m);
  });

  it("leaves local state out of the build context and deploy/.env out of git", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", ".next", "data", ".git", "test-results", "deploy/.env"])
      expect(ignored).toContain(entry);
    expect(read(".gitignore").split("\n")).toContain("/deploy/.env");
  });
});

# syntax=docker/dockerfile:1
# Sora Studio as one image: Next's standalone server (next.config.mjs, `output: "standalone"`)
# with ffmpeg for the emulator's videos and the posters. deploy/compose.yaml runs two of these
# behind Caddy with PostgreSQL; docs/deployment.md says how.
#
# Every stage starts from the same image, so better-sqlite3 (a native module compiled in `deps`)
# is built against the very glibc and Node ABI it runs on.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. deps: node_modules from the lockfile. better-sqlite3 compiles from source when no prebuilt
#    binary can be fetched: python3, make and g++ stay in this stage only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. build: `next build` writes .next/standalone (server.js and the node_modules it needs, with
#    the emulator's bundled MP4s traced in) and .next/static.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# `public/` is optional in Next; an empty one keeps the runtime stage's COPY valid.
RUN npm run build && mkdir -p public

# 3. runtime: only what the server needs, run as the image's unprivileged `node` user.
FROM ${NODE_IMAGE} AS runtime
# ffmpeg draws the prompt on the emulator's videos and takes the posters' first frames;
# fonts-dejavu-core provides the font its drawtext filter names
# (/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf, lib/emulator/video.ts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    STUDIO_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
# The SQLite file (when DATABASE_URL is unset), archived videos, uploads and the emulator's
# state: every instance of one deployment must mount the same volume here.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# The slim image has no curl: node's own fetch asks /api/health (public even in team mode;
# 503 when the database does not answer).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]

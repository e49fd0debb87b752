# quotebot container image. Build: docker build -t quotebot .   Run: see compose.yaml and README.md (Container).
# Three stages: `build` compiles the TypeScript (all dependencies), `deps` installs the production
# dependencies only, the final image holds dist/, those dependencies and the bundled data, and runs as the
# unprivileged `node` user. test/container/recipe.test.ts performs these same steps in a clean copy
# (scripts/container-recipe.ts reads this file), so keep every RUN free of anything but the commands it needs.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY data ./data
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 downloads its prebuilt binary here (node-gyp would need python3, make and g++).
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
# Inside a container the operations endpoint must listen on every interface for the orchestrator's probes;
# keep its port off the public network. .env files are for checkouts: pass variables with -e or compose.
ENV NODE_ENV=production \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9464 \
    SLACK_PORT=3000 \
    CORPUS_DIR=/data/corpus \
    CACHE_DIR=/data/cache \
    DATABASE_PATH=/data/db/quotebot.db \
    ENV_FILE=none
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY data ./data
# The fonts of the timeline picture: the slim image has no system fonts, and they are loaded explicitly.
COPY assets ./assets
COPY LICENSE README.md ./
# The bundled corpus seeds the corpus volume the first time it is mounted (Docker copies the image's files
# into an empty named volume); mount your own corpus directory there instead.
COPY corpus /data/corpus
RUN mkdir -p /data/cache /data/db && chown -R node:node /data
USER node
VOLUME ["/data/corpus", "/data/cache", "/data/db"]
EXPOSE 9464 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/adapters/main.js"]

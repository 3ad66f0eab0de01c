# One image for all four Eloquent services (gateway, chat, retrieval, embedding).
# Pick the service with SERVICE (docker run -e SERVICE=chat eloquent) or override the
# command (docker run eloquent node dist/apps/chat/src/migrate.js). See docs/deployment.md.
#
#   docker build -t eloquent .

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install every dependency, compile with SWC, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# hnswlib-node is a native addon compiled by node-gyp at install time; build it against
# the headers that ship with this Node (no download of headers from the internet).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
# `npm install`, not `npm ci`: the lockfile names other platforms' optional binaries that a
# strict `npm ci` insists on. ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's install script
# would download its CUDA provider (the embedding service runs on the CPU).
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json .swcrc nx.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
# onnxruntime-node (local embedding tier) ships binaries for every OS (~220 MB of macOS and
# Windows ones); this image only ever runs on Linux.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32

# ---- runtime: production dependencies + dist/, read-only for the unprivileged user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the service user can read them but not change them.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The sample help center, for SEED_DIR=/app/knowledge-base/help-center (demo installations).
COPY knowledge-base ./knowledge-base
# uid 1000 is the `node` user of the base image; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000 3001 3002 3003
# Docker has one health status and no separate readiness: use /health/ready, so that
# `depends_on: condition: service_healthy` waits until the service can take work. Ports
# are the services' defaults (apps/*/src/config.ts) unless PORT is set.
HEALTHCHECK --interval=5s --timeout=4s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const d={gateway:3000,chat:3001,retrieval:3002,embedding:3003};const p=process.env.PORT||d[process.env.SERVICE];fetch('http://127.0.0.1:'+p+'/health/ready',{signal:AbortSignal.timeout(3500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `exec` replaces the shell: node runs as PID 1 and gets SIGTERM itself (Nest's shutdown hooks drain).
CMD ["sh", "-c", "case \"$SERVICE\" in gateway|chat|retrieval|embedding) exec node --enable-source-maps \"dist/apps/$SERVICE/src/main.js\" ;; *) echo \"set SERVICE to gateway, chat, retrieval or embedding (got '$SERVICE')\" >&2; exit 64 ;; esac"]

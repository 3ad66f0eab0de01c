# Eloquent's container images, two targets from one build (docs/deployment.md → The images):
#
#   docker build --target core      -t eloquent:local .            # gateway, chat, retrieval, migrations
#   docker build --target embedding -t eloquent-embedding:local .  # embedding (+ the ONNX runtime)
#
# `core` leaves out the ONNX runtime of the local embedding tier (onnxruntime-node/-web,
# @huggingface/transformers, sharp: ~450 MB), which only the embedding service loads, and
# only when a local model is configured. `embedding` is `core` plus those packages, so it
# runs any of the four services (the default target, for a single all-in-one image).
# Pick the service with SERVICE (docker run -e SERVICE=chat eloquent:local) or override the
# command (docker run eloquent:local node dist/apps/chat/src/migrate.js).
#
# Behind a TLS-intercepting proxy, give the build the proxy's CA as a BuildKit secret; it is
# used by the npm install only and never stored in a layer:
#   docker build --secret id=ca,src=/path/to/ca-bundle.pem --target core -t eloquent:local .
# Without Docker Hub: --build-arg NODE_IMAGE=eloquent-offline/node:20 (tools/offline-images).

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
# The optional `ca` secret is added to Node's trusted CAs for this command only.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=ca,required=false \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi \
 && npm install --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json .swcrc nx.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
# onnxruntime-node ships binaries for every OS (~220 MB of macOS and Windows ones); these
# images only ever run on Linux. Build output: dist/apps/<service>/src/main.js (tools/build.mjs).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32
# The local embedding tier's packages (only @huggingface/transformers uses them; the
# deploy tests check this list against package-lock.json) move out of node_modules, so
# `core` does not carry them and `embedding` adds them back as one layer.
RUN mkdir -p /onnx/node_modules \
 && for p in @huggingface onnxruntime-node onnxruntime-web onnxruntime-common sharp @img; do \
      if [ -e "node_modules/$p" ]; then mv "node_modules/$p" /onnx/node_modules/; fi; \
    done

# ---- core: production dependencies without the ONNX runtime, dist/, the sample KB ----
FROM ${NODE_IMAGE} AS core
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
# are the services' defaults (apps/*/src/config.ts) unless PORT is set. The check starts a
# Node process, which took 4-10 s on a saturated 2-core machine (the smoke test under
# load): hence the generous timeout; a healthy check answers in well under a second.
HEALTHCHECK --interval=10s --timeout=15s --start-period=120s --retries=3 \
  CMD ["node", "-e", "const d={gateway:3000,chat:3001,retrieval:3002,embedding:3003};const p=process.env.PORT||d[process.env.SERVICE];fetch('http://127.0.0.1:'+p+'/health/ready',{signal:AbortSignal.timeout(12000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `exec` replaces the shell: node runs as PID 1 and gets SIGTERM itself (Nest's shutdown hooks drain).
CMD ["sh", "-c", "case \"$SERVICE\" in gateway|chat|retrieval|embedding) exec node --enable-source-maps \"dist/apps/$SERVICE/src/main.js\" ;; *) echo \"set SERVICE to gateway, chat, retrieval or embedding (got '$SERVICE')\" >&2; exit 64 ;; esac"]

# ---- embedding: core + the ONNX runtime (local embedding tier); runs any service ----
FROM core AS embedding
COPY --from=build /onnx/node_modules ./node_modules

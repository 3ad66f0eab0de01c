# Node 20 base (stand-in for node:20-bookworm-slim) on the Debian base made by build.sh.
# The context is a folder build.sh fills from this machine's own Node install: node,
# npm and the C headers (node-gyp compiles hnswlib-node against them).
# Same layout as the official image: /usr/local/{bin,lib/node_modules,include/node} and
# a `node` user with uid/gid 1000.
ARG DEBIAN_IMAGE=eloquent-offline/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY usr-local /usr/local
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
CMD ["node"]

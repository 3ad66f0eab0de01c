# Redis 7 (stand-in for redis:7) from Debian 12's redis-server package (7.0), with the
# official image's interface: working directory /data, port 6379, and protected mode off
# when started without a config file (the container network is the boundary).
ARG DEBIAN_IMAGE=eloquent-offline/debian:bookworm
FROM ${DEBIAN_IMAGE}
# uid/gid 999 as in the official image, so manifests that set runAsUser: 999 work with either.
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /var/lib/redis --shell /usr/sbin/nologin redis \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]

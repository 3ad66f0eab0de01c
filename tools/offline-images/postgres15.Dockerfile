# PostgreSQL 15 (stand-in for postgres:15) from Debian 12's postgresql-15 package, with the
# parts of the official image's interface that docker-compose.yml uses: POSTGRES_DB,
# POSTGRES_USER, POSTGRES_PASSWORD, data in /var/lib/postgresql/data, port 5432, pg_isready.
ARG DEBIAN_IMAGE=eloquent-offline/debian:bookworm
FROM ${DEBIAN_IMAGE}
# uid/gid 999 as in the official image, so manifests that set runAsUser: 999 work with either.
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]

# OdontoCare images: one Dockerfile, one target per service.
#   docker build --target admin -t odontocare-admin .
#   docker build --target citas -t odontocare-citas .
#   docker build --target web -t odontocare-web .
# compose.yml builds all three. Why it looks like this: docs/adr/0006-containers.md.
#
# No "# syntax=" line on purpose: it makes BuildKit pull a frontend image from
# Docker Hub, and the project must build where Docker Hub is unreachable and
# with the classic builder (docker-compose v1.29).

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------
# manifests: only what npm ci reads. The npm scripts are dropped so that
# adding or editing a script does not invalidate the dependency layer below
# (and its native compile); COPY --from compares content, not timestamps.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /m
COPY package.json package-lock.json ./
COPY apps/admin/package.json apps/admin/
COPY apps/citas/package.json apps/citas/
COPY apps/web/package.json apps/web/
COPY loader/package.json loader/
RUN node -e "const fs = require('fs'); \
  for (const f of ['package.json', 'apps/admin/package.json', 'apps/citas/package.json', 'apps/web/package.json', 'loader/package.json']) { \
    const p = JSON.parse(fs.readFileSync(f, 'utf8')); delete p.scripts; fs.writeFileSync(f, JSON.stringify(p, null, 2) + '\\n'); }"

# ---------------------------------------------------------------------------
# build: every dependency (dev too), type-check + compile with tsc.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source (its prebuilt binaries are fetched from
# GitHub, which may be unreachable): it needs python3, make and g++. The
# official slim image has none of them, a locally built stand-in may already
# have them: install only what is missing. Node's own headers ship in the
# image, so node-gyp is told to use them instead of downloading a tarball.
RUN missing=""; \
    for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done; \
    if [ -n "$missing" ]; then \
      apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV npm_config_nodedir=/usr/local \
    npm_config_cache=/npm-cache \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# Manifests first: the npm ci layer (and the native compile) is reused until
# the dependencies change (see the manifests stage above).
COPY --from=manifests /m ./
# Scripts off for the whole tree (telemetry, optional native helpers of dev
# tools), then the one native module the services need is built on purpose:
# a prebuilt binary when GitHub is reachable, otherwise compiled here.
RUN npm ci --ignore-scripts \
    && npm rebuild better-sqlite3 \
    && node -e "new (require('better-sqlite3'))(':memory:').close()"

COPY tsconfig.json tsconfig.build.json tsconfig.page.json ./
COPY scripts/build-page.js scripts/
COPY core core
COPY adapters adapters
COPY apps apps
# Type-checks and emits dist/{core,adapters,apps}, then the web page into
# dist/page (its own tsconfig, DOM types); fails the build on a type error.
RUN npx tsc -p tsconfig.build.json && node scripts/build-page.js

# ---------------------------------------------------------------------------
# Production dependencies of one service, installed afresh from the lock file
# (`npm prune --workspace` keeps every dev dependency, so it cannot do this):
# offline from the build stage's npm cache, scripts off, then the compiled
# better-sqlite3 binding is copied over instead of being built a second time.
# No dev tools, no other service's libraries, no SQLite sources.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_cache=/npm-cache npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY --from=build /npm-cache /npm-cache
COPY --from=manifests /m ./

FROM deps AS deps-admin
RUN npm ci --omit=dev --workspace=apps/admin --ignore-scripts --offline \
    && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node node_modules/better-sqlite3/build/Release/

FROM deps AS deps-citas
RUN npm ci --omit=dev --workspace=apps/citas --ignore-scripts --offline \
    && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node node_modules/better-sqlite3/build/Release/

# The web service has no native module and no database: express and friends only.
FROM deps AS deps-web
RUN npm ci --omit=dev --workspace=apps/web --ignore-scripts --offline

# ---------------------------------------------------------------------------
# runtime-base: what every service shares. Runs as an unprivileged user (uid
# 1000, "node" in the official image; created here when the base image lacks
# it). docker stop sends SIGTERM to PID 1, which is node itself (exec-form
# CMD, no shell in between): the services close the HTTP server and finish
# in-flight requests (and close SQLite) on SIGTERM.
FROM ${NODE_IMAGE} AS runtime-base
ENV NODE_ENV=production \
    npm_config_update_notifier=false
WORKDIR /app
RUN id -u node >/dev/null 2>&1 || useradd --uid 1000 --user-group --no-create-home --home-dir /app --shell /usr/sbin/nologin node
STOPSIGNAL SIGTERM

# runtime: the two services with a database.
FROM runtime-base AS runtime
ENV DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
# A named volume mounted here starts with this directory's owner (node).
VOLUME ["/data"]

# ---------------------------------------------------------------------------
FROM runtime AS admin
ENV ADMIN_PORT=5001
# package.json marks dist/**/*.js as CommonJS ("type": "commonjs").
COPY --from=deps-admin /app/package.json ./
COPY --from=deps-admin /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 5001
# /ready, not /health: ready means the database answers. No curl in the slim
# image, node's global fetch does it.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.ADMIN_PORT||5001)+'/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# V8 heap sizing: the flags of scripts/service-node-flags.json (why there), as npm start passes them.
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "dist/apps/admin/main.js"]

# ---------------------------------------------------------------------------
FROM runtime AS citas
ENV CITAS_PORT=5002
# package.json marks dist/**/*.js as CommonJS ("type": "commonjs").
COPY --from=deps-citas /app/package.json ./
COPY --from=deps-citas /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 5002
# Citas is ready when its database answers and the admin service is reachable.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CITAS_PORT||5002)+'/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# V8 heap sizing: the flags of scripts/service-node-flags.json (why there), as npm start passes them.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/apps/citas/main.js"]

# ---------------------------------------------------------------------------
# web: the front desk (the page and the session); no volume, nothing to keep.
FROM runtime-base AS web
ENV WEB_PORT=5000 \
    WEB_PAGE_DIR=/app/dist/page
COPY --from=deps-web /app/package.json ./
COPY --from=deps-web /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 5000
# Ready when the page is there and admin and citas answer.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WEB_PORT||5000)+'/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The same V8 heap flags as admin and citas, as npm start passes them.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/apps/web/main.js"]

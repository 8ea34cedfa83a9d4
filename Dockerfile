# syntax=docker/dockerfile:1
# logsift container image: `docker build -t logsift:0.1.0 --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .`
# test/deploy/runtime-layout.test.ts rebuilds the runtime stage's layout without Docker and runs it.

ARG NODE_IMAGE=node:22-alpine

# --- build: dev dependencies and the TypeScript compiler -------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build parses and checks the shipped rule packs into dist/generated/ (config/precompile.ts).
COPY config ./config
RUN npm run build

# --- deps: production dependencies only ---------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG NODE_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="logsift" \
      org.opencontainers.image.description="Finds the log lines that matter, counts container lifecycle events per pod, detects restart loops, exports OTLP and Prometheus metrics" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"

# Nothing at run time needs a package manager; removing it shrinks the image and what can be abused.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx \
           /usr/local/bin/corepack /usr/local/lib/node_modules/corepack /opt/yarn-* \
           /usr/local/bin/yarn /usr/local/bin/yarnpkg

ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root and are only readable by the runtime user: the process never writes
# under /app, so the container runs with readOnlyRootFilesystem.
# package.json is needed at run time: its "type": "module" makes dist/*.js ES modules.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config

# Numeric, so Kubernetes' runAsNonRoot can verify it (the image's `node` user is 1000).
USER 1000:1000
# 9880 ingest (Fluent Bit http output, /healthz, /readyz); 9464 Prometheus /metrics
EXPOSE 9880 9464
# No shell wrapper: node is PID 1 and logsift handles SIGTERM itself (drain, flush, exit).
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]

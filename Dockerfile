# wecom-mock in a container: node:20-slim, runs as the image's non-root `node` user, data under the /data volume.
#   docker build -t wecom-mock .
#   docker run --rm -p 8080:8080 -e WECOM_MOCK_ADMIN_TOKEN=change-me wecom-mock
# Build stage: the package as `npm pack` makes it (the same files the npm tarball ships).
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No lifecycle scripts here (prepare would build before the sources are copied); the build is the next step.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm pack --ignore-scripts --silent --pack-destination /tmp && mv /tmp/wecom-mock-*.tgz /tmp/wecom-mock.tgz

# Run stage: only the packed package and its runtime dependencies.
FROM node:20-slim
ENV NODE_ENV=production \
    WECOM_MOCK_HOST=0.0.0.0 \
    WECOM_MOCK_PORT=8080 \
    WECOM_MOCK_DATA_DIR=/data \
    WECOM_MOCK_LOG_FORMAT=json
WORKDIR /app
COPY --from=build /tmp/wecom-mock.tgz /tmp/wecom-mock.tgz
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund --no-package-lock /tmp/wecom-mock.tgz \
    && rm /tmp/wecom-mock.tgz && npm cache clean --force \
    && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# The liveness probe needs no admin token (GET /__mock/health); node:20-slim has no curl, node asks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WECOM_MOCK_PORT||8080)+'/__mock/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/node_modules/wecom-mock/dist/wecom-mock.mjs"]

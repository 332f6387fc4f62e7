# The app image. By default `npm start` in one process (worker + API, TEMPORAL_MODE=external);
# docker-compose.yml runs it as three services instead: the migration, the API and the worker.
# The staff console is a static bundle: built here with the build tools (dev dependencies), and only
# web/dist is copied into the app image.
FROM node:20-bookworm-slim AS console
WORKDIR /app
ENV TEMPORAL_SKIP_TOOLS_INSTALL=1
COPY package.json package-lock.json ./
RUN npm install --ignore-scripts
COPY scripts/build-console.mjs ./scripts/
COPY src/client ./src/client
COPY web ./web
RUN node scripts/build-console.mjs

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    TEMPORAL_SKIP_TOOLS_INSTALL=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# Production dependencies only (tsx, the TypeScript runtime, is one); install honours package-lock.json.
RUN npm install --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY --from=console /app/web/dist ./web/dist
USER node
EXPOSE 3000
# `npm start` without npm in between: npm does not pass SIGTERM on to the app, tsx does.
CMD ["./node_modules/.bin/tsx", "src/cli/start.ts"]

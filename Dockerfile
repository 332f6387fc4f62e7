# The app image (worker + API in one process, TEMPORAL_MODE=external). Used by docker-compose.yml.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    TEMPORAL_SKIP_TOOLS_INSTALL=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# Dev dependencies are needed for the TypeScript runtime (tsx is a dependency) only; omit the rest.
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
USER node
EXPOSE 3000
CMD ["npm", "start"]

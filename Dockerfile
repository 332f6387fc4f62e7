# The app image (worker + API in one process, TEMPORAL_MODE=external). Used by docker-compose.yml.
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
USER node
EXPOSE 3000
CMD ["npm", "start"]

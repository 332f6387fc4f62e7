import { resolve } from 'node:path';

/** Root of the repository (this file lives in src/). */
export const PROJECT_ROOT = resolve(__dirname, '..');

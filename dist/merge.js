import { fileURLToPath } from 'node:url';
const distDir = fileURLToPath(new URL('.', import.meta.url));
import { mergeAction } from './index.js';
await mergeAction({ distDir });

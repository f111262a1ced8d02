import { fileURLToPath } from 'node:url';
const distDir = fileURLToPath(new URL('.', import.meta.url));
import { runAction } from './index.js';
await runAction({ distDir });

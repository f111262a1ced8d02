import { fileURLToPath } from 'node:url';
const distDir = fileURLToPath(new URL('.', import.meta.url));
import { planAction } from './index.js';
await planAction({ distDir });

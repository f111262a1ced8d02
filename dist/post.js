import { fileURLToPath } from 'node:url';
const distDir = fileURLToPath(new URL('.', import.meta.url));
import { postAction } from './index.js';
await postAction({ distDir });

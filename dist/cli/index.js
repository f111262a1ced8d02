#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { runCli } from '../index.js';
const distDir = fileURLToPath(new URL('..', import.meta.url));
process.exitCode = await runCli(process.argv.slice(2), { distDir });

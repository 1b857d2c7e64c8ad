#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript; say how to build it instead of a stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('yungang: the CLI is not built yet. Run `npm install` (or `npm run build`) at the repository root first.');
  process.exit(1);
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));

#!/usr/bin/env node
// Last step of `npm run build`: writes dist/build-id.json, the identity of this build's code (a
// digest of every compiled module, as src/cache/cache.ts `digestCode` takes it). The lint cache
// keys its entries by it instead of digesting dist/ on every `--cache` run; a build by `tsc` alone
// leaves no fresh id, so this file is removed first and the cache digests the code itself.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { BUILD_ID_FILE, digestCode } = await import(pathToFileURL(join(dist, 'cache', 'cache.js')).href);
const file = join(dist, BUILD_ID_FILE);
rmSync(file, { force: true });
writeFileSync(file, `${JSON.stringify({ id: digestCode(dist) })}\n`);

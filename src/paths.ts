import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

/** The package root (holds `rules/` and `schemas/`), whether running from `src/` or `dist/`. */
export const packageRoot = fileURLToPath(new URL('../', import.meta.url));

export const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
export const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));

let version: string | undefined;
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_KEYS, NOT_FILE_KEYS } from '../src/config/config.js';
import { repoRoot } from './helpers/lint.js';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
}

/** Every key of the config schema whose value is a single string, dotted (`leaks.patternsFile`). */
function stringKeys(schema: Schema, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([k, s]) => {
    const key = `${prefix}${k}`;
    if (s.type === 'string') return [key];
    return s.type === 'object' ? stringKeys(s, `${key}.`) : [];
  });
}

describe('the files a config names', () => {
  it('every string key of config.schema.json is listed as naming a file (the cache key reads it) or not', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/config.schema.json'), 'utf8')) as Schema;
    expect(stringKeys(schema).sort(), 'a new config key naming a file goes in FILE_KEYS (src/config/config.ts), any other string key in NOT_FILE_KEYS').toEqual([...FILE_KEYS, ...NOT_FILE_KEYS].sort());
  });
});

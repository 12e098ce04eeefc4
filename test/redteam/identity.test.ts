import { describe, expect, it } from 'vitest';
import { identity, inFamily, isMissingValue, mixesScripts } from '../../src/text/identity.js';
import { findDuplicateKey, parseStrictJson } from '../../src/text/strict-json.js';

/** The one identity comparison and the strict JSON reader, case by case (issue 20). */
describe('identity', () => {
  it('normalises: NFKC, case folding, trimming', () => {
    for (const [v, key] of [['PASS', 'pass'], ['ｐａｓｓ', 'pass'], [' pass\u3000', 'pass'], ['Qwen-Local', 'qwen-local'], ['STRASSE', 'strasse'], ['Straße', 'strasse']]) {
      expect(identity(v!), v).toEqual({ ok: true, key });
    }
    expect(identity('R1', { caseless: false })).toEqual({ ok: true, key: 'R1' });
  });

  it('refuses invisible and format characters (from Unicode properties), controls, mixed scripts and blanks', () => {
    for (const v of ['anthro\u2060pic', 'anthro\u00adpic', 'a\u180eb', 'x\u{E0041}', 'qwen\u200b', 'qwen\u202e', 'a\u0007', 'аnthropic', 'claudе', ' ', '\u3000']) {
      expect(identity(v).ok, JSON.stringify(v)).toBe(false);
    }
    expect(mixesScripts('аnthropic')).toBe(true);
    expect(mixesScripts('антропик')).toBe(false);
    expect(mixesScripts('qwen3.6-35b')).toBe(false);
  });

  it('families: every spelling of anthropic and every claude-* model', () => {
    for (const v of ['anthropic', 'anthropic-vertex', 'anthropic_bedrock']) expect(inFamily(v, 'anthropic'), v).toBe(true);
    for (const v of ['claude-sonnet-4-6', 'claude-sonnet-4.6', 'claude-sonnet-4-6-20250101', 'anthropic/claude-3', 'claude3']) expect(inFamily(v, 'claude'), v).toBe(true);
    for (const v of ['qwen-local', 'qwen3.6-35b-a3b']) expect(inFamily(v, 'claude') || inFamily(v, 'anthropic'), v).toBe(false);
  });

  it('an env value that is only whitespace and invisible characters is missing', () => {
    for (const v of [undefined, '', ' ', '\u2060', '\u00ad', '\u180e', '\u{E0020}', '\ufeff \u200b']) expect(isMissingValue(v), JSON.stringify(v)).toBe(true);
    for (const v of ['x', '\u2060x']) expect(isMissingValue(v)).toBe(false);
  });
});

describe('strict JSON', () => {
  it('refuses a duplicate key at any depth, naming the key and its line; escapes decode first', () => {
    expect(findDuplicateKey('{"a":1,"a":2}')).toEqual({ key: 'a', line: 1 });
    expect(findDuplicateKey('{"x":[{"b":1},\n{"c":{"d":1,\n"d":2}}]}')).toEqual({ key: 'd', line: 3 });
    expect(findDuplicateKey('{"a":1,"\\u0061":2}')).toEqual({ key: 'a', line: 1 });
    expect(findDuplicateKey('{"a":{"a":1},"b":["a","a"]}')).toBeUndefined();
    expect(parseStrictJson('{"status":"fail","status":"pass"}')).toMatchObject({ ok: false, duplicate: true });
    expect(parseStrictJson('{"status":')).toMatchObject({ ok: false, duplicate: false });
    expect(parseStrictJson('{"k":"a\\"b","k2":1}')).toEqual({ ok: true, data: { k: 'a"b', k2: 1 } });
  });
});

import { isMissingValue, lazyRegExp, PLAIN_ASCII } from '../text/identity.js';
import { isPlaceholderValue, type KnownForm, type KnownValue } from './detect.js';
import type { LeakPolicy } from './policy.js';

// Declared in detect.ts, which searches for them (this module imports detect.ts: no cycle).
export type { KnownForm, KnownValue };

export interface KnownEnvStatus {
  name: string;
  /** `present`: set and searched for; `missing`: unset or empty; `status-word`: set to a word such as `missing`. */
  state: 'present' | 'missing' | 'status-word';
}

const INVISIBLE = lazyRegExp('[\\p{Default_Ignorable_Code_Point}\\p{Cf}]', 'gu');

/** Shortest form searched for: anything shorter would match ordinary text. */
const MIN_FORM = 4;

/**
 * The forms in which the runtime value of each named variable could have been written: as is, URL-
 * encoded, JSON-escaped, without its scheme, host and port, host only. The text searched is
 * normalized first (one round of percent-decoding, escapes removed), so these also catch one more
 * level of encoding. Generic hosts (`localhost`, `127.0.0.1`) are not searched for on their own.
 */
export function knownEnvValues(names: readonly string[], policy: LeakPolicy, env: NodeJS.ProcessEnv = process.env): { values: KnownValue[]; status: KnownEnvStatus[] } {
  const values: KnownValue[] = [];
  const status: KnownEnvStatus[] = [];
  for (const name of names) {
    // Invisible and format characters are not part of a value (the detector removes them from text
    // too); a value that is nothing else, or only whitespace, is missing.
    const set = env[name];
    const raw = isMissingValue(set) ? undefined : PLAIN_ASCII.test(set!) ? set!.trim() : set!.replace(INVISIBLE(), '').normalize('NFKC').trim();
    if (!raw) {
      status.push({ name, state: 'missing' });
      continue;
    }
    if (isPlaceholderValue(raw, policy)) {
      status.push({ name, state: 'status-word' });
      continue;
    }
    status.push({ name, state: 'present' });
    const forms = new Map<string, KnownForm>();
    const add = (text: string, label: string) => {
      const t = text.toLowerCase();
      if (t.length >= MIN_FORM && !forms.has(t)) forms.set(t, { text: t, label, bounded: false });
    };
    let end = raw.length;
    while (end > 1 && raw.charCodeAt(end - 1) === 47) end--;
    const value = raw.slice(0, end);
    add(value, 'as written');
    add(encodeURIComponent(value), 'URL-encoded');
    add(JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'), 'JSON-escaped');
    const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(value);
    let url: URL | undefined;
    try {
      url = new URL(scheme ? value : `http://${value}`);
    } catch {
      url = undefined;
    }
    if (scheme) {
      add(value.slice(scheme[0].length), 'without its scheme');
      add(encodeURIComponent(value.slice(scheme[0].length)), 'URL-encoded, without its scheme');
    }
    if (url && url.hostname) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const generic = policy.loopbackNames.has(host) || /^(?:127\.|0\.0\.0\.0$|::1?$)/.test(host);
      if (url.port) {
        add(url.host, 'host and port');
        add(encodeURIComponent(url.host), 'URL-encoded host and port');
      }
      if (!generic) add(host, 'host only');
    }
    values.push({ name, forms: [...forms.values()].sort((a, b) => b.text.length - a.text.length) });
  }
  return { values, status };
}

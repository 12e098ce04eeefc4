/**
 * Everything `sot gate` prints or writes passes through here. The endpoint value is never shown:
 * its exact text, and anything endpoint-shaped (rules/stage2.yaml `endpointPatterns`), becomes
 * `(withheld)`; control and direction-override characters become `(unprintable)`, so an env value
 * or a JSON string cannot garble a terminal or forge output lines.
 */
import type { FactValue } from './evaluate.js';

export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

export const WITHHELD = '(withheld)';
export const UNPRINTABLE_TEXT = '(unprintable)';

/** Secrets shorter than this are not searched for inside other text (a one-letter "secret" would blank everything). */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly patterns: RegExp[];
  private readonly secrets: string[];

  constructor(patterns: readonly string[], secrets: readonly (string | undefined)[]) {
    this.patterns = patterns.map((p) => new RegExp(p, 'i'));
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.trim().length > 0);
  }

  /** True when the text holds a secret or something endpoint-shaped. */
  isSensitive(text: string): boolean {
    for (const s of this.secrets) {
      if (text === s || text === s.trim() || (s.length >= MIN_SECRET_LENGTH && text.includes(s.trim()))) return true;
    }
    return this.patterns.some((p) => p.test(text));
  }

  /** A string safe to print: itself, or a placeholder; long strings are shortened. */
  text(value: string, max = 200): string {
    if (UNPRINTABLE.test(value)) return UNPRINTABLE_TEXT;
    if (this.isSensitive(value)) return WITHHELD;
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  }

  /** A fact value safe to print (strings inside arrays and objects included). */
  value(v: FactValue | undefined): FactValue {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return this.text(v);
    if (typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.slice(0, 50).map((x) => this.value(x));
    return Object.fromEntries(Object.entries(v).slice(0, 50).map(([k, x]) => [this.text(k, 80), this.value(x)]));
  }

  /** Last line of defence over a whole output: any secret text left is replaced. */
  scrub(output: string): string {
    let out = output;
    for (const s of this.secrets) {
      const t = s.trim();
      if (t.length >= MIN_SECRET_LENGTH) out = out.split(t).join(WITHHELD);
    }
    return out;
  }
}

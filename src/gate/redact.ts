/**
 * Everything `sot gate stage2` prints or writes passes through here, and through the one redactor
 * of src/leaks/redact.ts that lint, graph and explain use: whatever the leak detector reports
 * (every class of `no-endpoint-leak`, and the runtime value of CTO_HARNESS_CASE_LOCAL_BASE_URL in
 * each of its written forms) and every re-shaped echo of an identifying part of that value becomes
 * `(value withheld)`. Control, format and default-ignorable characters (Unicode properties, not a
 * hand list) make a value `(unprintable)`, so an env value or a JSON string cannot garble a
 * terminal or forge output lines.
 */
import { Redactor as LeakRedactor, WITHHELD } from '../leaks/redactor.js';
import type { KnownValue } from '../leaks/known-env.js';
import type { LeakPolicy } from '../leaks/policy.js';
import { lazyRegExp, PLAIN_ASCII } from '../text/identity.js';
import type { FactValue } from './evaluate.js';

const UNPRINTABLE_CHAR = lazyRegExp('[\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u2028\\u2029\\ufffd]', 'u');

/** Control, format and default-ignorable characters (Unicode properties); printable ASCII is decided without them. */
export const UNPRINTABLE = { test: (s: string): boolean => !PLAIN_ASCII.test(s) && UNPRINTABLE_CHAR().test(s) };

export { WITHHELD };
export const UNPRINTABLE_TEXT = '(unprintable)';

export class Redactor {
  private readonly inner: LeakRedactor;

  constructor(
    private readonly policy: LeakPolicy,
    private readonly known: readonly KnownValue[],
  ) {
    this.inner = new LeakRedactor([], policy, known);
  }

  /** True when the text holds anything the detector reports, or an echo of the protected value. */
  isSensitive(text: string): boolean {
    return !this.inner.isSafe(text);
  }

  /** A string safe to print: values withheld, unprintable text replaced; long strings shortened. */
  text(value: string, max = 200): string {
    if (UNPRINTABLE.test(value)) return UNPRINTABLE_TEXT;
    const safe = this.inner.text(value);
    return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
  }

  /** A fact value safe to print (strings inside arrays and objects included). */
  value(v: FactValue | undefined): FactValue {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return this.text(v);
    if (typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.slice(0, 50).map((x) => this.value(x));
    return Object.fromEntries(Object.entries(v).slice(0, 50).map(([k, x]) => [this.text(k, 80), this.value(x)]));
  }

  /** Last line of defence over a whole output: any written form of a protected value left is replaced. */
  scrub(output: string): string {
    let out = output;
    for (const kv of this.known) {
      for (const f of kv.forms) {
        const lower = out.toLowerCase();
        if (!lower.includes(f.text)) continue;
        let next = '';
        let last = 0;
        for (let i = lower.indexOf(f.text); i !== -1; i = lower.indexOf(f.text, i + f.text.length)) {
          next += out.slice(last, i) + WITHHELD;
          last = i + f.text.length;
        }
        out = next + out.slice(last);
      }
    }
    return out;
  }
}

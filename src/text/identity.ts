/**
 * One comparison for identity values (SPEC §3): provider, model, statuses, decision fields and run
 * ids, wherever they are read (`sot gate stage2` from the environment, the admission JSON and the
 * harness report; `evidence-gate` from documents). Two spellings are the same value when they are
 * equal after Unicode NFKC, case folding and trimming of whitespace. A value that holds a
 * default-ignorable or format character (Unicode properties Default_Ignorable_Code_Point and Cf:
 * U+2060, U+00AD, U+180E, tag characters, direction marks…), a control character, or letters of more
 * than one script (Script_Extensions: `anthropic` with a Cyrillic `а`) is unusable: the caller lists
 * it as a problem and leaves the fact unknown, so every condition that reads it is unmet.
 *
 * No imports: `sot gate stage2` loads this on its fast path. Everything not plain printable ASCII
 * goes through the Unicode-property checks; ASCII is decided by one cheap test.
 */

export type Identity = { ok: true; key: string } | { ok: false; reason: string };

/**
 * A regular expression built on first use: one with Unicode property classes costs milliseconds
 * to create, and `sot gate stage2` (bound by start-up) needs them only for text that is not ASCII.
 */
export function lazyRegExp(source: string, flags: string): () => RegExp {
  let re: RegExp | undefined;
  return () => (re ??= new RegExp(source, flags));
}

/** Printable ASCII only: no ignorable, format or control character, one script (Latin or Common). */
export const PLAIN_ASCII = /^[\x20-\x7e]*$/;
/** Characters that make a value unusable wherever they are (derived from Unicode's properties). */
const INVISIBLE = lazyRegExp('[\\p{Default_Ignorable_Code_Point}\\p{Cf}]', 'u');
const CONTROL = lazyRegExp('[\\p{Cc}\\p{Cs}\\u2028\\u2029\\ufffd]', 'u');
/** Characters that belong to no single script: digits, punctuation, combining marks, spaces. */
const SCRIPTLESS = lazyRegExp('[\\p{Script=Common}\\p{Script=Inherited}]', 'u');

/**
 * Scripts a single-script value may be written in. A letter of any other script (or of none: an
 * unassigned or private-use code point) makes the value unusable too: fail closed.
 */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian',
  'Hangul', 'Ethiopic', 'Cherokee', 'Khmer', 'Mongolian', 'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Yi',
];
let scriptTests: { name: string; re: RegExp }[] | undefined;

/** The scripts (Script_Extensions) a character belongs to, among SCRIPTS. */
function scriptsOf(ch: string): string[] {
  scriptTests ??= SCRIPTS.map((name) => ({ name, re: new RegExp(`\\p{Script_Extensions=${name}}`, 'u') }));
  return scriptTests.filter((s) => s.re.test(ch)).map((s) => s.name);
}

/** The first code point a regex finds, as `U+XXXX` (never the value itself). */
function codePointOf(value: string, re: RegExp): string {
  const m = re.exec(value);
  const cp = m ? m[0].codePointAt(0)! : 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether the value's letters all share one script (characters of no script, digits and marks, aside). */
export function mixesScripts(value: string): boolean {
  let common: string[] | undefined;
  for (const ch of value) {
    if (SCRIPTLESS().test(ch)) continue;
    const scripts = scriptsOf(ch);
    if (!scripts.length) return true;
    common = common ? common.filter((s) => scripts.includes(s)) : scripts;
    if (!common.length) return true;
  }
  return false;
}

/** NFKC, then full case folding (as near as JavaScript gets: upper then lower maps ß → ss, ς → σ). */
function foldCase(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * The identity key of a value (what is compared), or why the value cannot be used. Whitespace at
 * either end is not part of the value; a value that is empty after that is unusable (blank). Run
 * ids are compared with `caseless: false` (NFKC and trimmed, case kept: `R1` is not `r1`).
 */
export function identity(value: string, options: { caseless?: boolean } = {}): Identity {
  const caseless = options.caseless !== false;
  if (PLAIN_ASCII.test(value)) {
    const key = caseless ? value.trim().toLowerCase() : value.trim();
    return key ? { ok: true, key } : { ok: false, reason: 'is blank' };
  }
  if (INVISIBLE().test(value)) return { ok: false, reason: `holds an invisible or format character (${codePointOf(value, INVISIBLE())})` };
  if (CONTROL().test(value)) return { ok: false, reason: `holds a control character (${codePointOf(value, CONTROL())})` };
  const key = (caseless ? foldCase(value) : value.normalize('NFKC')).trim();
  if (!key) return { ok: false, reason: 'is blank' };
  // Checked again after NFKC: a compatibility character may decompose into one.
  if (INVISIBLE().test(key)) return { ok: false, reason: `holds an invisible or format character (${codePointOf(key, INVISIBLE())})` };
  if (mixesScripts(key)) return { ok: false, reason: 'mixes letters of different scripts (or of a script that is not accepted)' };
  return { ok: true, key };
}

/** The key, or undefined when the value is unusable. */
export function identityKey(value: string): string | undefined {
  const id = identity(value);
  return id.ok ? id.key : undefined;
}

const INVISIBLE_ALL = lazyRegExp('[\\p{Default_Ignorable_Code_Point}\\p{Cf}]', 'gu');
const NOT_LETTER_OR_DIGIT = lazyRegExp('[^\\p{L}\\p{N}]+', 'gu');

/**
 * Whether an environment value counts as missing: unset, or empty once default-ignorable and
 * format characters and whitespace are removed (a lone U+2060 or soft hyphen is not a value).
 */
export function isMissingValue(value: string | undefined): boolean {
  if (value === undefined) return true;
  if (PLAIN_ASCII.test(value)) return value.trim() === '';
  return value.replace(INVISIBLE_ALL(), '').replace(/\s+/gu, '') === '';
}

/**
 * Whether an identity key belongs to a family (rules/stage2.yaml `externalFallback`): the key with
 * every character that is not a letter or digit removed contains the family name. `Anthropic`,
 * `anthropic-vertex`, `claude-sonnet-4.6`, `claude-sonnet-4-6-20250101` and `anthropic/claude-3`
 * are all in theirs.
 */
export function inFamily(key: string, family: string): boolean {
  const squashed = PLAIN_ASCII.test(key) ? key.replace(/[^a-z0-9]+/g, '') : key.replace(NOT_LETTER_OR_DIGIT(), '');
  return squashed.includes(family.replace(/[^a-z0-9]+/g, ''));
}

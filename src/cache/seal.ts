/**
 * Sealing: a document holding leaked values is cached with each value replaced by a placeholder,
 * refilled from the file when the entry is looked up; these check that what is written holds no
 * value or piece of one.
 */

/** The entry with each placeholder `\uE000k\uE001` replaced by value k as it is written inside a JSON string. */
export function unseal(sealed: string, values: readonly string[]): string {
  return sealed.replace(/\uE000(\d+)\uE001/g, (_, k: string) => JSON.stringify(values[Number(k)] ?? '').slice(1, -1));
}

const foldText = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Whether `text` holds one of the values, or an 8-character piece of one (case and punctuation folded). */
export function holdsPiece(text: string, cores: readonly string[]): boolean {
  const lower = text.toLowerCase();
  const folded = foldText(text);
  for (const core of cores) {
    if (core && lower.includes(core.toLowerCase())) return true;
    const f = foldText(core);
    if (f.length < 8 ? f.length > 0 && folded.includes(f) : windows(f, 8).some((w) => folded.includes(w))) return true;
  }
  return false;
}

/** Every string (keys included) of a sealed entry, its placeholders blanked: its head and each lazy field. */
export function sealedStrings(bare: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
  };
  const [head, ...fields] = bare.split('\t');
  walk(JSON.parse(head!));
  for (const f of fields) walk(JSON.parse(f.slice(f.indexOf('=') + 1)));
  return out;
}
function windows(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

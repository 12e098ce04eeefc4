/**
 * JSON as the tool's inputs must be: `JSON.parse` keeps the last of two equal keys, so
 * `{"status":"fail","status":"pass"}` would read as a pass. Every JSON input (the gate's admission
 * file and harness report, a JSON config file) is parsed here, and an object with the same key twice,
 * at any depth, is refused with the key and its line. Keys are compared as JSON decodes them
 * (`"a"` and `"\u0061"` are the same key). No imports: the gate loads this on its fast path.
 */

export type StrictJson = { ok: true; data: unknown } | { ok: false; message: string; duplicate: boolean };

/** A key as shown in a message: printable, short. */
function showKey(key: string): string {
  const safe = key.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > 60 ? `${safe.slice(0, 59)}…` : safe;
}

/**
 * The first duplicate key of a text that JSON.parse accepted: its (decoded) key and 1-based line,
 * or undefined. One linear pass; nesting is tracked with an explicit stack (no recursion).
 */
export function findDuplicateKey(text: string): { key: string; line: number } | undefined {
  // One entry per open container: the keys seen so far (objects), or null (arrays).
  const stack: (Set<string> | null)[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 123 /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 91 /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    } else if (c === 34 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          escaped = true;
          i++;
        } else if (d === 34) break;
      }
      if (expectKey) {
        const raw = text.slice(start + 1, i);
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : raw;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) return { key, line };
        keys.add(key);
        expectKey = false;
      }
    }
  }
  return undefined;
}

/** Parses JSON, refusing syntax errors and duplicate keys; the message says where. */
export function parseStrictJson(text: string): StrictJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const where = /at position (\d+)/.exec((e as Error).message)?.[1];
    return { ok: false, message: `it is not valid JSON${where ? ` (at byte ${where})` : ''}`, duplicate: false };
  }
  const dup = findDuplicateKey(text);
  if (dup) return { ok: false, message: `the key "${showKey(dup.key)}" appears twice in one object (line ${dup.line}); JSON with a duplicate key is refused, never read as its last value`, duplicate: true };
  return { ok: true, data };
}

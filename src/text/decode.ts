/** What was wrong with the bytes of a file, before any Markdown is read. */
export interface DecodeProblem {
  severity: 'error' | 'warn';
  message: string;
  /** UTF-16 offset in the decoded text where the problem is, when it has one. */
  offset?: number;
}

export interface DecodedText {
  text: string;
  /** Set when the file is not text at all: lint nothing else. */
  binary: boolean;
  problems: DecodeProblem[];
  hadBom: boolean;
}

const SNIFF_BYTES = 8192;

/**
 * Turns file bytes into text the way an editor would: UTF-8 (BOM stripped), UTF-16 with a BOM,
 * and a clear verdict for binary data or invalid UTF-8 instead of silent mojibake.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = new TextDecoder(encoding).decode(bytes.subarray(2));
    return {
      text,
      binary: false,
      hadBom: true,
      problems: [{ severity: 'warn', message: `file is ${encoding.toUpperCase()} with a byte-order mark; SOT documents should be UTF-8 (re-save the file as UTF-8)` }],
    };
  }
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  const nul = sniff.indexOf(0);
  if (nul !== -1) {
    return {
      text: '',
      binary: true,
      hadBom: false,
      problems: [{ severity: 'error', message: `binary file: byte ${nul} is NUL; a SOT document must be UTF-8 Markdown text (if this file is not a document, leave it out with \`ignores\` in the config)` }],
    };
  }
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), binary: false, hadBom, problems: [] };
  } catch {
    const text = new TextDecoder('utf-8').decode(body);
    if (looksBinary(text)) {
      return { text: '', binary: true, hadBom, problems: [{ severity: 'error', message: 'binary file: mostly bytes that are not UTF-8 text; a SOT document must be UTF-8 Markdown text (if this file is not a document, leave it out with `ignores` in the config)' }] };
    }
    const bad = text.indexOf('\uFFFD');
    return {
      text,
      binary: false,
      hadBom,
      problems: [{ severity: 'error', message: 'invalid UTF-8: the file has bytes that are not UTF-8 text (shown here as U+FFFD); re-save it as UTF-8', offset: Math.max(0, bad) }],
    };
  }
}

/** Mostly replacement or control characters in the first few KB: data, not a mis-encoded document. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, SNIFF_BYTES);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) odd++;
  }
  return odd > sample.length * 0.1;
}

/**
 * Lines built to make a careless scanner slow: long runs of the characters each scanner
 * triggers on, with no terminator, so any per-position re-scan or backtracking shows as quadratic
 * time. Shared by the agreement test (test/leaks/adversarial-lines.test.ts) and the benchmark
 * (scripts/bench-regex.mjs).
 */
export interface AdversarialLine {
  name: string;
  text: string;
}

function fill(unit: string, length: number, suffix = ''): string {
  return unit.repeat(Math.ceil((length - suffix.length) / unit.length)).slice(0, Math.max(0, length - suffix.length)) + suffix;
}

export function adversarialLines(length = 50_000): AdversarialLine[] {
  const units: [string, string, string?][] = [
    // The list.
    ['http://a/ × N', 'http://a/'],
    ['1. × N', '1.'],
    ['a: × N', 'a:'],
    ['a@ × N', 'a@'],
    ['%3A × N', '%3A'],
    ['a. × N + ts.net', 'a.', 'ts.net'],
    // Every other trigger of a scanner or a normalization step.
    ['://  × N', '://'],
    ['1:  × N', '1:'],
    [':1 × N', ':1'],
    ['a:1 × N', 'a:1 '],
    ['1.1.1.1. × N', '1.1.1.1.'],
    ['0: × N (IPv6 run)', '0:'],
    ['[ × N', '['],
    ['[.] × N', '[.]'],
    ['hxxp × N', 'hxxp'],
    ['&#46; × N', '&#46;'],
    ['& × N', '&'],
    ['\\. × N', '\\.'],
    ['%E2%80%8B × N', '%E2%80%8B'],
    ['zero-width space × N', 'a\u200b'],
    ['fullwidth digit × N', '１．'],
    ['- × N', '-'],
    ['-- × N', '-- '],
    ['a= × N', 'a='],
    ['a_url= × N', 'a_url='],
    ['a_url=gpu-1 × N', 'a_url=gpu-1 '],
    ['A_URL: × N', 'A_URL: x'],
    ['"url": × N', '"url":'],
    ['Bearer × N', 'Bearer '],
    ['bearer1 × N', 'bearer1'],
    ['sk- × N', 'sk-'],
    ['eyJ × N', 'eyJ'],
    ['PRIVATE KEY----- × N', 'PRIVATE KEY-----'],
    ['.ts.net × N', '.ts.net'],
    ['localhost × N', 'localhost'],
    ['localhost/ × N', 'localhost/'],
    ['user@host. × N', 'u@h.'],
    ['ssh a@b.c × N', 'ssh a@b.c '],
    ['a.b:8000 × N', 'a.b:8000'],
    ['10.0.0.5:8000 × N', '10.0.0.5:8000 '],
    ['http://[ × N', 'http://['],
    ['` × N', '`'],
    ['**a** × N', '**a**'],
  ];
  return units.map(([name, unit, suffix]) => ({ name, text: fill(unit, length, suffix) }));
}

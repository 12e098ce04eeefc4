import type { ModelOptions } from './options.js';
import { withoutStruck } from './plain-text.js';
import type { Range, StatusClaim } from './types.js';

/** Code, emphasis and strike marks become spaces: same length, so offsets stay source offsets. */
const MARKUP = /[`*~]/g;

/**
 * Finds status claims in one prose block with the sentence patterns of rules/claims.yaml.
 * A claim is only made where a pattern matches; the ids inside its `subject` group are claimed.
 * Struck-through text (`struck`, see plain-text.ts) is withdrawn: it reads as spaces, so it makes
 * no claim and no part of one.
 */
export function extractClaims(text: string, block: Range, options: ModelOptions, struck: readonly Range[] = []): Omit<StatusClaim, 'ownerItem'>[] {
  const source = withoutStruck(text, block, struck);
  options.idRegex.lastIndex = 0;
  if (!options.idRegex.test(source)) return [];
  const plain = source.replace(MARKUP, ' ');
  const claims: Omit<StatusClaim, 'ownerItem'>[] = [];
  const seen = new Set<string>();
  for (const pattern of options.claims) {
    const re = pattern.regex;
    re.lastIndex = 0;
    for (let m = re.exec(plain); m; m = re.exec(plain)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const subject = m.groups?.subject;
      if (subject === undefined) continue;
      const subjectStart = m.index + m[0].indexOf(subject);
      const ids = options.idRegex;
      ids.lastIndex = 0;
      for (let idm = ids.exec(subject); idm; idm = ids.exec(subject)) {
        const start = block.start + subjectStart + idm.index;
        const key = `${start}:${pattern.asserts}`;
        if (seen.has(key)) continue;
        seen.add(key);
        claims.push({
          id: idm[0],
          asserts: pattern.asserts,
          pattern: pattern.id,
          range: { start, end: start + idm[0].length },
          sentence: { start: block.start + m.index, end: block.start + m.index + m[0].length },
        });
      }
    }
  }
  return claims;
}

import { LINKED_FIELDS, type LinkedDocument, type SotDocument } from './types.js';

/** `doc`'s `LinkedDocument` part, as a new object (the rest of the model can then be collected). */
export function linkedPart(doc: SotDocument): LinkedDocument {
  const part: Record<string, unknown> = {};
  for (const key of LINKED_FIELDS) if (doc[key] !== undefined) part[key] = doc[key];
  return part as LinkedDocument;
}

/** Whether `doc` is a whole model, not a linked part of one. */
export function isWholeDocument(doc: LinkedDocument): doc is SotDocument {
  return 'lists' in doc;
}

/**
 * `doc` as a whole model, for code that reads more than the cross-file phase keeps. Throws on a
 * linked part: reading a field the run dropped is a bug, and an empty list would hide it.
 */
export function wholeDocument(doc: LinkedDocument): SotDocument {
  if (!isWholeDocument(doc)) throw new Error(`${doc.path}: only its linked part was kept in this run (RunContext keep: 'linked'), and this needs the whole model`);
  return doc;
}

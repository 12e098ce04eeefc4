import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file path of a `file:` URI; undefined for other schemes (untitled:, git:, …) or bad URIs. */
export function uriToPath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the demo sends to `processDocument`. */
export interface DemoDocument {
  path: string;
  filename: string;
  content: string;
}

/** A document the demo was asked to send that it cannot read. */
export class DemoDocumentError extends Error {
  override name = 'DemoDocumentError';
}

/** The project's own Markdown files: README.md first, then the other `*.md` of `docs/`. */
export async function defaultDocumentPaths(): Promise<string[]> {
  const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
  const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
  const others = (await readdir(docs).catch(() => []))
    .filter((name) => name.endsWith('.md'))
    .sort();

  return [readme, ...others.map((name) => join(docs, name))];
}

/**
 * Reads `paths` into exactly `count` documents, in order, reusing the files in turn when fewer
 * are given and ignoring the rest when more are. Throws {@link DemoDocumentError} naming the first
 * file that cannot be read.
 */
export async function readDemoDocuments(paths: string[], count: number): Promise<DemoDocument[]> {
  if (paths.length === 0) {
    throw new DemoDocumentError('No documents to send: pass file paths or add README.md');
  }

  const chosen = Array.from({ length: count }, (_, index) => paths[index % paths.length] ?? '');
  const contents = new Map<string, string>();
  for (const path of new Set(chosen)) {
    contents.set(path, await readDocument(path));
  }

  return chosen.map((path) => ({
    path,
    filename: basename(path),
    content: contents.get(path) ?? '',
  }));
}

async function readDocument(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new DemoDocumentError(`Cannot read ${path}: ${describeReadFailure(error)}`);
  }
}

function describeReadFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return 'no such file';
  }
  if (code === 'EISDIR') {
    return 'it is a folder';
  }
  if (code === 'EACCES') {
    return 'permission denied';
  }

  return error instanceof Error ? error.message : String(error);
}

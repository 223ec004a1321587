import { rm } from 'node:fs/promises';

/** Formidable's description of a part it saved to a temporary file (restify's multipart parser). */
export interface ReceivedFile {
  path: string;
  name?: string | null;
  type?: string | null;
  size: number;
}

/** Every file part of a parsed multipart request, one field or many. */
export function receivedFiles(files: unknown): Record<string, ReceivedFile[]> {
  const result: Record<string, ReceivedFile[]> = {};
  for (const [field, value] of Object.entries((files ?? {}) as Record<string, ReceivedFile | ReceivedFile[]>)) {
    result[field] = Array.isArray(value) ? value : [value];
  }
  return result;
}

/**
 * The body parser writes the parts of any multipart POST to temporary files, whichever route it is
 * for; they go once the request is handled, whatever happened, so no route has to remember to.
 */
export async function removeTemporaryFiles(files: unknown): Promise<void> {
  const parts = Object.values(receivedFiles(files)).flat();
  await Promise.all(parts.map((file) => (typeof file?.path === 'string' ? rm(file.path, { force: true }) : undefined)));
}

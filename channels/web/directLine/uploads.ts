import crypto from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReceivedFile } from '../../../platform/multipartParts';

const StoredUpload = z.object({ name: z.string(), contentType: z.string(), size: z.number() });
type StoredUpload = z.infer<typeof StoredUpload>;

/** Types a browser may show in place; anything else is served as a download of opaque bytes. */
const SHOWN_IN_PLACE = new Set(['image/png', 'image/jpeg', 'image/gif', 'application/pdf']);
/** What a conversation id and a file id look like; anything else is not looked for. */
export const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/;
const ID = UPLOAD_ID;

/** A file as the Direct Line routes hand it on: its id in the attachment URL, its shown name and type. */
export interface SavedUpload {
  fileId: string;
  name: string;
  contentType: string;
}

/**
 * Files attached in Web Chat, kept for their conversation: in DATA_DIR (UploadStore, one instance's)
 * or in PostgreSQL (postgres/postgresUploadStore.ts, every instance's).
 */
export interface DirectLineUploads {
  save(conversationId: string, file: ReceivedFile): Promise<SavedUpload>;
  load(conversationId: string, fileId: string): Promise<{ body: Buffer; headers: Record<string, string> } | undefined>;
  remove(conversationId: string): Promise<void>;
  sweep(maxAgeMs: number, now?: number): Promise<number>;
}

/** A new random file id. */
export const newFileId = (): string => crypto.randomBytes(16).toString('base64url');

/** The name and type a file is kept under: the browser's, cut to size and without folders. */
export function uploadMeta(file: ReceivedFile): StoredUpload {
  return {
    name: path.basename(file.name || 'file').slice(0, 200),
    contentType: (file.type || 'application/octet-stream').slice(0, 200),
    size: file.size,
  };
}

/** The headers a stored file is served with, so that it can never run as a page on our origin. */
export function servedHeaders(meta: { name: string; contentType: string }): Record<string, string> {
  const shown = SHOWN_IN_PLACE.has(meta.contentType);
  return {
    'content-type': shown ? meta.contentType : 'application/octet-stream',
    'content-disposition': `${shown ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=3600',
  };
}

/**
 * Files a person attaches in Web Chat, kept under DATA_DIR/uploads/<conversation>/ with a random
 * name, and served back at a URL the bot receives as the attachment's contentUrl, as Azure's Direct
 * Line does. Whether a type or size is acceptable is the form's decision (it explains why); here
 * a file is only stored and served so that it can never run as a page on our origin. The files go
 * with their conversation (the form that wanted one has copied it by then), and a sweep removes
 * folders a restart left behind.
 */
export class UploadStore implements DirectLineUploads {
  constructor(private readonly directory: string) {}

  async save(conversationId: string, file: ReceivedFile): Promise<SavedUpload> {
    const fileId = newFileId();
    const folder = path.join(this.directory, conversationId);
    await mkdir(folder, { recursive: true });
    const meta = uploadMeta(file);
    await copyFile(file.path, path.join(folder, fileId));
    await writeFile(path.join(folder, `${fileId}.json`), JSON.stringify(meta));
    return { fileId, name: meta.name, contentType: meta.contentType };
  }

  /** The file's bytes and the headers to serve them with, or undefined for an unknown or malformed id. */
  async load(conversationId: string, fileId: string): Promise<{ body: Buffer; headers: Record<string, string> } | undefined> {
    if (!ID.test(conversationId) || !ID.test(fileId)) return undefined;
    const folder = path.join(this.directory, conversationId);
    try {
      const meta = StoredUpload.parse(JSON.parse(await readFile(path.join(folder, `${fileId}.json`), 'utf8')));
      const body = await readFile(path.join(folder, fileId));
      return { body, headers: servedHeaders(meta) };
    } catch {
      return undefined;
    }
  }

  /** Deletes every file of one conversation. */
  async remove(conversationId: string): Promise<void> {
    if (!ID.test(conversationId)) return;
    await rm(path.join(this.directory, conversationId), { recursive: true, force: true });
  }

  /** Deletes conversations' folders that received no file for `maxAgeMs`; returns how many went. */
  async sweep(maxAgeMs: number, now = Date.now()): Promise<number> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const folder = path.join(this.directory, name);
      const info = await stat(folder).catch(() => undefined);
      if (info?.isDirectory() && now - info.mtimeMs > maxAgeMs) {
        await rm(folder, { recursive: true, force: true });
        removed += 1;
      }
    }
    return removed;
  }
}

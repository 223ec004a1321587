import crypto from 'node:crypto';
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../platform/privateFiles';
import { StoredAttachment } from './requestSchemas';

/** What adopt did: the files moved for the request, and those no longer pending. */
export interface AdoptedAttachments {
  adopted: StoredAttachment[];
  /** Deleted by the sweep while the form stood open (more than a day): the request goes without them. */
  missing: StoredAttachment[];
}

/** A checked file to keep: its type as sniffed, and the name the sender gave (shown, never used as a path). */
export interface FileToKeep {
  contentType: StoredAttachment['contentType'];
  extension: string;
  name?: string;
}

/**
 * Where a request's files live. A file is kept as pending while its form is open, adopted when the
 * request is stored, discarded when it is not, and swept when its form was abandoned. The folder
 * store is the embedded one; a shared store (PostgreSQL, object storage) implements the same four.
 */
export interface AttachmentStore {
  keepPending(content: Buffer, file: FileToKeep): Promise<StoredAttachment>;
  adopt(attachments: StoredAttachment[]): Promise<AdoptedAttachments>;
  discard(attachments: StoredAttachment[]): Promise<void>;
  /** Deletes pending files older than maxAgeMs; returns how many. */
  sweepAbandoned(maxAgeMs: number, now?: number): Promise<number>;
  /** A kept file's bytes (pending or adopted), for staff to download; undefined when there is none. */
  content(id: string): Promise<Buffer | undefined>;
}

const PENDING = path.join('attachments', 'pending');
const EXTENSIONS = ['pdf', 'jpg', 'png'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Files under DATA_DIR/attachments, named by a fresh id (never by the name the sender gave). */
export class FolderAttachmentStore implements AttachmentStore {
  constructor(private readonly dataDir: string) {}

  async keepPending(content: Buffer, { contentType, extension, name }: FileToKeep): Promise<StoredAttachment> {
    const id = crypto.randomUUID();
    const file = path.join(PENDING, `${id}.${extension}`);
    await makePrivateDir(path.join(this.dataDir, PENDING));
    await makePrivateDir(path.join(this.dataDir, 'attachments'));
    // A person's documents: readable by the service only, here and once adopted (a rename keeps the mode).
    await writeFile(path.join(this.dataDir, file), content, { mode: PRIVATE_FILE_MODE });
    const shownName = (name ?? `${id}.${extension}`).replace(/[\\/\0]/g, '_').slice(0, 200);
    return { id, name: shownName, contentType, bytes: content.length, file };
  }

  /**
   * Moves a submitted request's files out of pending, so the sweep leaves them alone. A file already
   * gone is reported, not fatal. On any other failure the files moved so far are deleted again and
   * the error thrown; the caller likewise discards them if the request is then not stored, so no
   * file outlives a request that does not exist.
   */
  async adopt(attachments: StoredAttachment[]): Promise<AdoptedAttachments> {
    const adopted: StoredAttachment[] = [];
    const missing: StoredAttachment[] = [];
    try {
      for (const attachment of attachments) {
        const file = path.join('attachments', path.basename(attachment.file));
        try {
          if (file !== attachment.file) await rename(path.join(this.dataDir, attachment.file), path.join(this.dataDir, file));
          adopted.push({ ...attachment, file });
        } catch (error) {
          if (!isMissing(error)) throw error;
          missing.push(attachment);
        }
      }
    } catch (error) {
      await this.discard(adopted);
      throw error;
    }
    return { adopted, missing };
  }

  /** Deletes files of a request that was not stored after all; a file already gone is fine. */
  async discard(attachments: StoredAttachment[]): Promise<void> {
    await Promise.all(
      attachments.map((attachment) =>
        unlink(path.join(this.dataDir, attachment.file)).catch((error: unknown) => {
          if (!isMissing(error)) throw error;
        }),
      ),
    );
  }

  /** Looks for the id among adopted then pending files; an id that is not a uuid is never a path. */
  async content(id: string): Promise<Buffer | undefined> {
    if (!UUID.test(id)) return undefined;
    for (const folder of ['attachments', PENDING]) {
      for (const extension of EXTENSIONS) {
        try {
          return await readFile(path.join(this.dataDir, folder, `${id}.${extension}`));
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
    }
    return undefined;
  }

  /**
   * Deletes files of forms never submitted (cancelled, or left half-way) once they are older than
   * `maxAgeMs`: a person's documents are not kept for a request that does not exist. A file that
   * vanishes while the sweep runs (adopted by a submission at that moment, or a second sweep) is
   * skipped, not a reason to stop.
   */
  async sweepAbandoned(maxAgeMs: number, now = Date.now()): Promise<number> {
    const folder = path.join(this.dataDir, PENDING);
    const names = await readdir(folder).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const file = path.join(folder, name);
      try {
        if (now - (await stat(file)).mtimeMs > maxAgeMs) {
          await unlink(file);
          removed += 1;
        }
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }
}

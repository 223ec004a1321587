import crypto from 'node:crypto';
import type { Pool } from 'pg';
import type { AdoptedAttachments, AttachmentStore, FileToKeep } from '../requests/attachmentStore';
import type { StoredAttachment } from '../requests/requestSchemas';

/**
 * Request files in the database (table attachments, content as bytea) rather than in a folder, so
 * every instance sees the files another took, with no shared file system to set up, and a request
 * and its files are backed up together. Files are small (ATTACHMENT_MAX_BYTES, 5 MB by default, at
 * most 20 MB, five per request), which PostgreSQL keeps well. A file's `file` is
 * "attachments/<id>.<extension>", its name as the folder store would give it.
 */
export class PostgresAttachmentStore implements AttachmentStore {
  constructor(private readonly pool: Pool) {}

  async keepPending(content: Buffer, { contentType, extension, name }: FileToKeep): Promise<StoredAttachment> {
    const id = crypto.randomUUID();
    await this.pool.query('INSERT INTO attachments (id, content_type, bytes, content) VALUES ($1, $2, $3, $4)', [id, contentType, content.length, content]);
    const shownName = (name ?? `${id}.${extension}`).replace(/[\\/\0]/g, '_').slice(0, 200);
    return { id, name: shownName, contentType, bytes: content.length, file: `attachments/${id}.${extension}` };
  }

  /** Marks the files as the request's, so the sweep leaves them; those already swept are reported missing. */
  async adopt(attachments: StoredAttachment[]): Promise<AdoptedAttachments> {
    if (attachments.length === 0) return { adopted: [], missing: [] };
    const { rows } = await this.pool.query<{ id: string }>('UPDATE attachments SET pending = false WHERE id = ANY($1::uuid[]) RETURNING id', [attachments.map((a) => a.id)]);
    const found = new Set(rows.map((r) => r.id));
    return { adopted: attachments.filter((a) => found.has(a.id)), missing: attachments.filter((a) => !found.has(a.id)) };
  }

  async discard(attachments: StoredAttachment[]): Promise<void> {
    if (attachments.length > 0) await this.pool.query('DELETE FROM attachments WHERE id = ANY($1::uuid[])', [attachments.map((a) => a.id)]);
  }

  async sweepAbandoned(maxAgeMs: number, now = Date.now()): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM attachments WHERE pending AND created_at < $1', [new Date(now - maxAgeMs)]);
    return rowCount ?? 0;
  }

  /** A stored file's content, for whoever serves it to staff; undefined when there is none. */
  async content(id: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ content: Buffer }>('SELECT content FROM attachments WHERE id = $1', [id]);
    return rows[0]?.content;
  }
}

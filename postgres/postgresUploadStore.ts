import { readFile } from 'node:fs/promises';
import type { Pool } from 'pg';
import { DirectLineUploads, newFileId, SavedUpload, servedHeaders, UPLOAD_ID, uploadMeta } from '../channels/web/directLine/uploads';
import type { ReceivedFile } from '../platform/multipartParts';

/**
 * Files attached in Web Chat, in the database (table directline_uploads) rather than DATA_DIR: the
 * attachment URL the bot and the page are given may be fetched through any instance. A file goes
 * with its conversation (ON DELETE CASCADE when the conversation log's sweep deletes it); files are
 * as small as a form accepts them, as with the request attachments (postgresAttachmentStore.ts).
 */
export class PostgresUploadStore implements DirectLineUploads {
  constructor(private readonly pool: Pool) {}

  async save(conversationId: string, file: ReceivedFile): Promise<SavedUpload> {
    const fileId = newFileId();
    const meta = uploadMeta(file);
    await this.pool.query('INSERT INTO directline_uploads (conversation_id, file_id, name, content_type, content) VALUES ($1, $2, $3, $4, $5)', [
      conversationId,
      fileId,
      meta.name,
      meta.contentType,
      await readFile(file.path),
    ]);
    return { fileId, name: meta.name, contentType: meta.contentType };
  }

  async load(conversationId: string, fileId: string): Promise<{ body: Buffer; headers: Record<string, string> } | undefined> {
    if (!UPLOAD_ID.test(conversationId) || !UPLOAD_ID.test(fileId)) return undefined;
    const { rows } = await this.pool.query<{ name: string; content_type: string; content: Buffer }>(
      'SELECT name, content_type, content FROM directline_uploads WHERE conversation_id = $1 AND file_id = $2',
      [conversationId, fileId],
    );
    return rows[0] && { body: rows[0].content, headers: servedHeaders({ name: rows[0].name, contentType: rows[0].content_type }) };
  }

  async remove(conversationId: string): Promise<void> {
    await this.pool.query('DELETE FROM directline_uploads WHERE conversation_id = $1', [conversationId]);
  }

  /** Nothing to do: a file goes with its conversation's row, whichever instance's sweep deletes it. */
  async sweep(): Promise<number> {
    return 0;
  }
}

import type { OutgoingFile } from '../bot/personMessenger';
import { keepBytes } from '../requests/attachments';
import { AttachmentStore } from '../requests/attachmentStore';
import { StoredAttachment } from '../requests/requestSchemas';

/** A file an officer uploads, before it is checked. */
export interface AgentUpload {
  content: Buffer;
  name?: string;
  contentType?: string;
}

/**
 * The files said in handoff cases, in the AttachmentStore: adopted for their case as soon as they are
 * said (so the sweep of abandoned form files leaves them), under the request form's limits.
 */
export class CaseFiles {
  constructor(private readonly parts: { store: AttachmentStore; maxBytes: number; maxFiles: number }) {}

  async adopt(files: StoredAttachment[]): Promise<StoredAttachment[]> {
    return files.length ? (await this.parts.store.adopt(files)).adopted : [];
  }

  discard(files: StoredAttachment[]): Promise<void> {
    return this.parts.store.discard(files);
  }

  content(id: string): Promise<Buffer | undefined> {
    return this.parts.store.content(id);
  }

  /** Checks every upload before any is kept for good: one refused file (AttachmentRefused) refuses them all. */
  async keepUploads(uploads: AgentUpload[]): Promise<StoredAttachment[]> {
    const kept: StoredAttachment[] = [];
    try {
      for (const upload of uploads.slice(0, this.parts.maxFiles)) kept.push(await keepBytes(upload.content, upload, this.parts.store, this.parts.maxBytes));
      return await this.adopt(kept);
    } catch (error) {
      await this.discard(kept);
      throw error;
    }
  }

  /** The files as the person's channel gets them: inline, so no channel has to reach back to this server. */
  inline(files: StoredAttachment[]): Promise<OutgoingFile[]> {
    return Promise.all(
      files.map(async (file) => ({ name: file.name, contentType: file.contentType, contentUrl: `data:${file.contentType};base64,${(await this.content(file.id))!.toString('base64')}` })),
    );
  }
}

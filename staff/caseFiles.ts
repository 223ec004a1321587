import type { OutgoingFile } from '../bot/personMessenger';
import { keepBytes } from '../requests/attachments';
import { AttachmentStore } from '../requests/attachmentStore';
import { StoredAttachment } from '../requests/requestSchemas';
import { capabilitiesOf } from '../bot/rendering/channelCapabilities';
import { FileLinks } from './fileLinks';

/**
 * How much of one message an officer's files may fill inline. Azure's Direct Line (and the built-in
 * one, channels/web/directLine) refuses a bot's activity over 256 KB; the rest is left for the text
 * (at most 4,000 characters) and the activity's own fields.
 */
const INLINE_BYTES = 240 * 1024;

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

  /**
   * The files as the person's channel gets them: inside the message (a data: URL) while they fit, so
   * no channel has to reach back to this server; beyond that, or on a channel that shows no
   * attachments (SMS), a link to this server (staff/fileLinks.ts) the channel or the person opens.
   * Without links (none configured) every file goes inline, and a channel may refuse the message.
   */
  async forPerson(caseId: string, files: StoredAttachment[], channelId: string, links?: FileLinks): Promise<OutgoingFile[]> {
    const shown = capabilitiesOf(channelId).attachments;
    let room = INLINE_BYTES;
    const outgoing: OutgoingFile[] = [];
    for (const file of files) {
      const prefix = `data:${file.contentType};base64,`;
      const inlineBytes = prefix.length + Math.ceil(file.bytes / 3) * 4;
      if (links && (!shown || inlineBytes > room)) {
        outgoing.push({ name: file.name, contentType: file.contentType, contentUrl: links.linkFor({ caseId, fileId: file.id }) });
        continue;
      }
      room -= inlineBytes;
      outgoing.push({ name: file.name, contentType: file.contentType, contentUrl: prefix + (await this.content(file.id))!.toString('base64') });
    }
    return outgoing;
  }
}

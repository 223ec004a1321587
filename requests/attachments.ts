import crypto from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StoredAttachment } from './requestSchemas';

/** An attachment as a channel announces it (the fields of a Bot Framework attachment we use). */
export interface IncomingAttachment {
  name?: string;
  contentType?: string;
  contentUrl?: string;
}

/** Why a file was refused, as a message key suffix. */
export type AttachmentProblem = 'type' | 'size' | 'source' | 'unreadable';

export class AttachmentRefused extends Error {
  constructor(readonly problem: AttachmentProblem) {
    super(`attachment refused: ${problem}`);
  }
}

const TYPES = {
  'application/pdf': { extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] }, // %PDF
  'image/jpeg': { extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  'image/png': { extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
} as const;
type AcceptedType = keyof typeof TYPES;
const BY_EXTENSION: Record<string, AcceptedType> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

const PENDING = path.join('attachments', 'pending');

export interface AttachmentPolicy {
  maxBytes: number;
  /** Hosts a file may be fetched from: the channel's serviceUrl and this server. Nothing else (SSRF). */
  allowedHosts: string[];
}

function acceptedType(attachment: IncomingAttachment): AcceptedType {
  const declared = attachment.contentType?.toLowerCase().split(';')[0].trim();
  if (declared && declared in TYPES) return declared as AcceptedType;
  const extension = attachment.name?.toLowerCase().split('.').pop();
  const byName = extension ? BY_EXTENSION[extension] : undefined;
  // A generic type ("application/octet-stream") is judged by the file name; anything else is refused.
  if (byName && (!declared || declared === 'application/octet-stream')) return byName;
  throw new AttachmentRefused('type');
}

function fromDataUrl(url: string, maxBytes: number): Buffer {
  const match = /^data:[^,;]*(;base64)?,(.*)$/s.exec(url);
  if (!match) throw new AttachmentRefused('unreadable');
  if ((match[2].length * 3) / 4 > maxBytes + 4) throw new AttachmentRefused('size');
  return match[1] ? Buffer.from(match[2], 'base64') : Buffer.from(decodeURIComponent(match[2]));
}

async function fromHttp(url: URL, maxBytes: number): Promise<Buffer> {
  // No redirects: a redirect could lead anywhere, which is what the host check exists to prevent.
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) }).catch(() => {
    throw new AttachmentRefused('unreadable');
  });
  if (!response.ok || !response.body) throw new AttachmentRefused('unreadable');
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new AttachmentRefused('size');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new AttachmentRefused('size');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

async function download(contentUrl: string | undefined, policy: AttachmentPolicy): Promise<Buffer> {
  if (!contentUrl) throw new AttachmentRefused('unreadable');
  if (contentUrl.startsWith('data:')) return fromDataUrl(contentUrl, policy.maxBytes);
  let url: URL;
  try {
    url = new URL(contentUrl);
  } catch {
    throw new AttachmentRefused('source');
  }
  if (!['http:', 'https:'].includes(url.protocol) || !policy.allowedHosts.includes(url.host)) throw new AttachmentRefused('source');
  return fromHttp(url, policy.maxBytes);
}

/**
 * Checks, fetches and keeps one attached file under DATA_DIR/attachments/pending, named by a fresh id
 * (never by the name the sender gave), until its request is stored (adoptAttachments) or the form is
 * abandoned (sweepAbandonedAttachments). Only pdf, jpg and png are kept, and only when their first
 * bytes agree.
 */
export async function receiveAttachment(attachment: IncomingAttachment, dataDir: string, policy: AttachmentPolicy): Promise<StoredAttachment> {
  const type = acceptedType(attachment);
  const content = await download(attachment.contentUrl, policy);
  if (content.length > policy.maxBytes) throw new AttachmentRefused('size');
  if (!TYPES[type].magic.every((byte, i) => content[i] === byte)) throw new AttachmentRefused('type');
  const id = crypto.randomUUID();
  const file = path.join(PENDING, `${id}.${TYPES[type].extension}`);
  await mkdir(path.join(dataDir, PENDING), { recursive: true });
  await writeFile(path.join(dataDir, file), content);
  const name = (attachment.name ?? `${id}.${TYPES[type].extension}`).replace(/[\\/\0]/g, '_').slice(0, 200);
  return { id, name, contentType: type, bytes: content.length, file };
}

/** What adoptAttachments did: the files moved for the request, and those no longer in pending. */
export interface AdoptedAttachments {
  adopted: StoredAttachment[];
  /** Deleted by the sweep while the form stood open (more than a day): the request goes without them. */
  missing: StoredAttachment[];
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Moves a submitted request's files out of pending, so the sweep leaves them alone. A file already
 * gone is reported, not fatal. On any other failure the files moved so far are deleted again and
 * the error thrown; the caller likewise calls discardAttachments if the request is then not stored,
 * so no file outlives a request that does not exist.
 */
export async function adoptAttachments(attachments: StoredAttachment[], dataDir: string): Promise<AdoptedAttachments> {
  const adopted: StoredAttachment[] = [];
  const missing: StoredAttachment[] = [];
  try {
    for (const attachment of attachments) {
      const file = path.join('attachments', path.basename(attachment.file));
      try {
        if (file !== attachment.file) await rename(path.join(dataDir, attachment.file), path.join(dataDir, file));
        adopted.push({ ...attachment, file });
      } catch (error) {
        if (!isMissing(error)) throw error;
        missing.push(attachment);
      }
    }
  } catch (error) {
    await discardAttachments(adopted, dataDir);
    throw error;
  }
  return { adopted, missing };
}

/** Deletes files of a request that was not stored after all; a file already gone is fine. */
export async function discardAttachments(attachments: StoredAttachment[], dataDir: string): Promise<void> {
  await Promise.all(
    attachments.map((attachment) =>
      unlink(path.join(dataDir, attachment.file)).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      }),
    ),
  );
}

/**
 * Deletes files of forms never submitted (cancelled, or left half-way) once they are older than
 * `maxAgeMs`: a person's documents are not kept for a request that does not exist. A file that
 * vanishes while the sweep runs (adopted by a submission at that moment, or a second sweep) is
 * skipped, not a reason to stop.
 */
export async function sweepAbandonedAttachments(dataDir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  const folder = path.join(dataDir, PENDING);
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

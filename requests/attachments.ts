import { AttachmentStore } from './attachmentStore';
import { StoredAttachment } from './requestSchemas';

/** An attachment as a channel announces it (the fields of a Bot Framework attachment we use). */
export interface IncomingAttachment {
  name?: string;
  contentType?: string;
  contentUrl?: string;
}

/**
 * Why a file was refused, as a message key suffix. A file behind a link is 'source' whatever went
 * wrong (host not allowed, nothing listening, an error status, too large, not the type it claims):
 * telling those apart would let anyone who names the link learn what answers where (a port scan).
 */
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
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}`);
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new Error('too large');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new Error('too large');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The bytes behind a link, checked against the declared type; any failure at all is one answer: 'source'. */
async function fromLink(contentUrl: string, type: AcceptedType, policy: AttachmentPolicy): Promise<Buffer> {
  try {
    const url = new URL(contentUrl);
    if (!['http:', 'https:'].includes(url.protocol) || !policy.allowedHosts.includes(url.host)) throw new Error('host not allowed');
    const content = await fromHttp(url, policy.maxBytes);
    if (!hasMagic(content, type)) throw new Error('not the declared type');
    return content;
  } catch {
    throw new AttachmentRefused('source');
  }
}

const hasMagic = (content: Buffer, type: AcceptedType) => TYPES[type].magic.every((byte, i) => content[i] === byte);

function checkBytes(content: Buffer, type: AcceptedType, maxBytes: number): void {
  if (content.length > maxBytes) throw new AttachmentRefused('size');
  if (!hasMagic(content, type)) throw new AttachmentRefused('type');
}

/**
 * Checks and keeps a file whose bytes are already here (an officer's upload), under the same rules
 * as a person's: pdf, jpg or png, first bytes agreeing, at most maxBytes. Kept as pending.
 */
export async function keepBytes(content: Buffer, declared: { name?: string; contentType?: string }, store: AttachmentStore, maxBytes: number): Promise<StoredAttachment> {
  const type = acceptedType(declared);
  checkBytes(content, type, maxBytes);
  return store.keepPending(content, { contentType: type, extension: TYPES[type].extension, name: declared.name });
}

/**
 * Checks, fetches and keeps one attached file as pending in the attachment store, until its request
 * is stored (adopt) or the form is abandoned (sweepAbandoned). Only pdf, jpg and png are kept, and
 * only when their first bytes agree.
 */
export async function receiveAttachment(attachment: IncomingAttachment, store: AttachmentStore, policy: AttachmentPolicy): Promise<StoredAttachment> {
  // Decided from what the person sent, before anything is fetched.
  const type = acceptedType(attachment);
  if (!attachment.contentUrl) throw new AttachmentRefused('unreadable');
  let content: Buffer;
  if (attachment.contentUrl.startsWith('data:')) {
    // Inline bytes: the reason can be told, nothing was fetched.
    content = fromDataUrl(attachment.contentUrl, policy.maxBytes);
    checkBytes(content, type, policy.maxBytes);
  } else {
    content = await fromLink(attachment.contentUrl, type, policy);
  }
  return store.keepPending(content, { contentType: type, extension: TYPES[type].extension, name: attachment.name });
}


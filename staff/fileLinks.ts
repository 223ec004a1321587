import crypto from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../platform/privateFiles';

/** How long a link to an officer's file works: the person has a day to open it (the chat may be reread later; then it is gone). */
export const FILE_LINK_HOURS = 24;
const KEY_BYTES = 32;
/** 128 bits of the HMAC: forging one takes 2^128 tries. */
const SIGNATURE_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The case's and the file's ids (UUIDs, 16 bytes each) and the expiry (seconds, 5 bytes), in
 * base64url, then the signature: 73 characters, short enough for an SMS and for the router's
 * longest path parameter (100).
 */
const PAYLOAD_BYTES = 37;
const TOKEN = /^[A-Za-z0-9_-]{50}\.[A-Za-z0-9_-]{22}$/;
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** What a valid link names: a file said in a case. */
export interface LinkedFile {
  caseId: string;
  fileId: string;
}

/**
 * Links a person's channel can fetch an officer's file from, on this server, when the file is too
 * large to go inside the message: `<base>/files/<token>`, the token an HMAC-SHA256 over the case, the
 * file and the expiry. The key is this deployment's (DATA_DIR/staff/file-links.key, mode 0600, made
 * at first start), so links outlive a restart; anything the key did not sign, or past its expiry,
 * is simply not a link.
 */
export class FileLinks {
  constructor(
    private readonly key: Buffer,
    /** The address people reach this server at (PUBLIC_URL, else where it listens): known once it listens. */
    private readonly baseUrl: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The deployment's key from DATA_DIR, made (and kept private) the first time. */
  static async open(dataDir: string, baseUrl: () => string, now?: () => Date): Promise<FileLinks> {
    const folder = path.join(dataDir, 'staff');
    await makePrivateDir(folder);
    const file = path.join(folder, 'file-links.key');
    try {
      await writeFile(file, crypto.randomBytes(KEY_BYTES), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const key = await readFile(file);
    if (key.length < KEY_BYTES) throw new Error(`${file} is not a file-link key: delete it to make a new one`);
    return new FileLinks(key, baseUrl, now);
  }

  /** An absolute URL for the file, good for FILE_LINK_HOURS. */
  linkFor({ caseId, fileId }: LinkedFile): string {
    if (!UUID.test(caseId) || !UUID.test(fileId)) throw new Error('a file link names a case and a file by their UUIDs');
    const expires = Buffer.alloc(5);
    expires.writeUIntBE(Math.floor(this.now().getTime() / 1000) + FILE_LINK_HOURS * 3600, 0, 5);
    const payload = Buffer.concat([uuidBytes(caseId), uuidBytes(fileId), expires]).toString('base64url');
    return `${this.baseUrl().replace(/\/+$/, '')}/files/${payload}.${this.signature(payload)}`;
  }

  /** The file a token names, or undefined for any token that is malformed, not ours, or expired (the caller cannot tell which). */
  read(token: string): LinkedFile | undefined {
    if (!TOKEN.test(token)) return undefined;
    const [payload, signature] = token.split('.');
    const expected = Buffer.from(this.signature(payload));
    if (!crypto.timingSafeEqual(Buffer.from(signature), expected)) return undefined;
    const bytes = Buffer.from(payload, 'base64url');
    if (bytes.length !== PAYLOAD_BYTES) return undefined;
    const expires = bytes.readUIntBE(32, 5);
    return expires * 1000 > this.now().getTime() ? { caseId: uuidOf(bytes.subarray(0, 16)), fileId: uuidOf(bytes.subarray(16, 32)) } : undefined;
  }

  private signature(payload: string): string {
    return crypto.createHmac('sha256', this.key).update(`tawasul-file-link\n${payload}`).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
  }
}

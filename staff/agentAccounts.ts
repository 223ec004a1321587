import crypto from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;
/** scrypt's cost (N = 2^15, r = 8, p = 1: ~32 MB and tens of milliseconds a check), stored with each hash so it can be raised later. */
const COST = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 64;

export const Username = z.string().regex(/^[a-z0-9._-]{2,40}$/, 'letters a–z, digits, ".", "_" or "-", 2 to 40 long');

export const AgentRecord = z.object({
  username: Username,
  displayName: z.string().min(1).max(80),
  supervisor: z.boolean(),
  /** scrypt$N$r$p$salt$hash, base64. */
  password: z.string(),
  createdAt: z.string(),
});
export type AgentRecord = z.infer<typeof AgentRecord>;

export interface AgentAccount {
  username: string;
  displayName: string;
  supervisor: boolean;
}

async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const given = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(N), r: Number(r), p: Number(p), maxmem: COST.maxmem });
  return crypto.timingSafeEqual(given, expected);
}

/** Checked against when the username is unknown, so an unknown name takes as long as a wrong password. */
let decoy: Promise<string> | undefined;

/** Where staff accounts are kept: a file (below), or a table with DATABASE_URL (postgres/postgresAgentRecords.ts). */
export interface AgentRecordStore {
  all(): Promise<AgentRecord[]>;
  /** Adds the account, or replaces the one with its username. */
  put(record: AgentRecord): Promise<void>;
}

/** Staff accounts in DATA_DIR/staff/agents.json, mode 0600. */
export class FileAgentRecords implements AgentRecordStore {
  private constructor(
    private readonly db: Low<{ agents: AgentRecord[] }>,
    private readonly file: string,
  ) {}

  static async open(dataDir: string): Promise<FileAgentRecords> {
    const directory = path.join(dataDir, 'staff');
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const file = path.join(directory, 'agents.json');
    return new FileAgentRecords(new Low(new JSONFile<{ agents: AgentRecord[] }>(file), { agents: [] }), file);
  }

  /** Read from the file each time: an agent added by the command while the service runs can sign in. */
  async all(): Promise<AgentRecord[]> {
    await this.db.read();
    return z.array(AgentRecord).catch([]).parse(this.db.data?.agents ?? []);
  }

  async put(record: AgentRecord): Promise<void> {
    const others = (await this.all()).filter((a) => a.username !== record.username);
    this.db.data = { agents: [...others, record] };
    await this.db.write();
    await chmod(this.file, 0o600);
  }
}

/**
 * Staff accounts, one per agent: username, display name, supervisor or not, and a scrypt hash of the
 * password. Added with `npm run staff:add-agent`. Held in memory from the store, read again when a
 * username is not known (an agent added meanwhile, by the command or on another instance).
 */
export class AgentAccounts {
  private constructor(
    private readonly records: AgentRecordStore,
    private agents: AgentRecord[],
  ) {}

  /** The accounts in DATA_DIR's file. */
  static async open(dataDir: string): Promise<AgentAccounts> {
    return AgentAccounts.on(await FileAgentRecords.open(dataDir));
  }

  static async on(records: AgentRecordStore): Promise<AgentAccounts> {
    return new AgentAccounts(records, await records.all());
  }

  get count(): number {
    return this.agents.length;
  }

  /** Reads the store again: an agent added by the command while the service runs can sign in. */
  async reload(): Promise<void> {
    this.agents = await this.records.all();
  }

  find(username: string): AgentAccount | undefined {
    const found = this.agents.find((a) => a.username === username);
    return found && { username: found.username, displayName: found.displayName, supervisor: found.supervisor };
  }

  /** Adds an agent, or replaces their name, role and password. */
  async add(username: string, displayName: string, password: string, supervisor = false): Promise<AgentAccount> {
    Username.parse(username);
    if (password.length < 10) throw new Error('the password must be at least 10 characters long');
    const record: AgentRecord = { username, displayName: displayName.trim(), supervisor, password: await hashPassword(password), createdAt: new Date().toISOString() };
    await this.records.put(record);
    await this.reload();
    return { username, displayName: record.displayName, supervisor };
  }

  /** The agent when the password is theirs; undefined otherwise, in about the same time either way. */
  async verify(username: string, password: string): Promise<AgentAccount | undefined> {
    let found = this.agents.find((a) => a.username === username);
    if (!found) {
      await this.reload();
      found = this.agents.find((a) => a.username === username);
    }
    if (!found) {
      await passwordMatches(password, await (decoy ??= hashPassword(crypto.randomUUID())));
      return undefined;
    }
    return (await passwordMatches(password, found.password)) ? { username: found.username, displayName: found.displayName, supervisor: found.supervisor } : undefined;
  }
}

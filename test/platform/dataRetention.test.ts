import fs from 'node:fs';
import path from 'node:path';
import { LowdbStorage } from '../../bot/lowdbStorage';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { submitThrough } from '../support/submitThrough';
import { startTestApp, temporaryDataDir } from '../support/testApp';

const HOUR = 3_600_000;
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Every file and folder under the folder, with its path relative to it. */
function everything(root: string): { path: string; directory: boolean }[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).map((entry) => ({
    path: path.relative(root, path.join(entry.parentPath, entry.name)),
    directory: entry.isDirectory(),
  }));
}
const stateFiles = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'state')).filter((f) => f.endsWith('.jsonl'));

describe('personal data on disk is private to the service', () => {
  let umask: number;
  // The usual umask, which would give 0644 files and 0755 folders: the modes must not depend on it.
  beforeAll(() => (umask = process.umask(0o022)));
  afterAll(() => process.umask(umask));

  test('state, requests, the SMS outbox and attachments are 0600 files in 0700 folders', async () => {
    const dataDir = temporaryDataDir();
    const app = await startTestApp({ DATA_DIR: dataDir });
    try {
      await submitThrough(new Conversation(app.url, { locale: 'en-US' }), 601);
      // A form left open: its state file holds the details typed so far.
      await play(new Conversation(app.url, { locale: 'en-US' }), [['Submit a request', /yourself/]]);
      const attachments = new FolderAttachmentStore(dataDir);
      const pending = await attachments.keepPending(Buffer.from('%PDF-1.7\n'), { contentType: 'application/pdf', extension: 'pdf' });
      const kept = await attachments.keepPending(Buffer.from('%PDF-1.7\n'), { contentType: 'application/pdf', extension: 'pdf' });
      await attachments.adopt([kept]);
      expect(fs.existsSync(path.join(dataDir, pending.file))).toBe(true);
    } finally {
      await app.close();
    }
    const found = everything(dataDir).filter((entry) => /^(state|requests|outbox|attachments)/.test(entry.path));
    for (const folder of ['state', 'requests', 'outbox', 'attachments', 'attachments/pending']) expect(found).toContainEqual({ path: folder, directory: true });
    for (const kind of ['state/', 'requests/requests-00000.json', 'outbox/sms.jsonl', 'attachments/pending/', 'attachments/']) {
      expect(found.some((entry) => !entry.directory && entry.path.startsWith(kind))).toBe(true);
    }
    const modes = found.map((entry) => [entry.path, modeOf(path.join(dataDir, entry.path)).toString(8)]);
    expect(modes).toEqual(found.map((entry) => [entry.path, entry.directory ? '700' : '600']));
  });

  test('files and folders left 0644/0755 by an earlier version become private when the service writes them again', async () => {
    const dataDir = temporaryDataDir();
    const first = await startTestApp({ DATA_DIR: dataDir });
    const conversation = new Conversation(first.url, { locale: 'en-US' });
    await submitThrough(conversation, 602);
    await first.close();
    for (const entry of everything(dataDir)) fs.chmodSync(path.join(dataDir, entry.path), entry.directory ? 0o755 : 0o644);
    const second = await startTestApp({ DATA_DIR: dataDir });
    try {
      await submitThrough(new Conversation(second.url, { locale: 'en-US' }), 603);
    } finally {
      await second.close();
    }
    for (const folder of ['state', 'requests', 'outbox']) expect(modeOf(path.join(dataDir, folder))).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'requests', 'requests-00000.json'))).toBe(0o600);
    expect(modeOf(path.join(dataDir, 'outbox', 'sms.jsonl'))).toBe(0o600);
  });
});

describe('state of idle conversations expires', () => {
  test('the sweep deletes state files not written within the TTL, and memory forgets them too; recent ones stay', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    const now = Date.parse('2026-12-01T12:00:00Z');
    await storage.write({ 'test/conversations/old': { form: { nationalId: '1000000016' } }, 'test/users/old': { language: 'ar' }, 'test/conversations/new': { form: { step: 2 } } });
    // Not in memory: as after a restart.
    fs.writeFileSync(path.join(dir, 'ffffffffffffffffffffffffffffffffffffffff.jsonl'), '\n' + JSON.stringify({ key: 'other', eTag: 'x', value: { a: 1 } }));
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(4);
    // Last written 25 hours before "now", except the new conversation, written an hour before.
    const fileOf = async (key: string) => files.find((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(`"key": "${key}"`) || fs.readFileSync(path.join(dir, f), 'utf8').includes(`"key":"${key}"`))!;
    for (const file of files) fs.utimesSync(path.join(dir, file), new Date(now - 25 * HOUR), new Date(now - 25 * HOUR));
    const recent = await fileOf('test/conversations/new');
    fs.utimesSync(path.join(dir, recent), new Date(now - HOUR), new Date(now - HOUR));

    expect(await storage.sweepExpired(24 * HOUR, now)).toBe(3);
    expect(fs.readdirSync(dir)).toEqual([recent]);
    const items = await storage.read(['test/conversations/old', 'test/users/old', 'test/conversations/new']);
    expect(Object.keys(items)).toEqual(['test/conversations/new']);
    // A conversation that comes back starts afresh, and is written again.
    await storage.write({ 'test/conversations/old': { form: { step: 1 } } });
    expect((await (await LowdbStorage.open(dir)).read(['test/conversations/old']))['test/conversations/old']).toMatchObject({ form: { step: 1 } });
    // Within the TTL nothing goes.
    expect(await storage.sweepExpired(24 * HOUR, now)).toBe(0);
  });

  test('forms opened in many conversations leave files; a start 25 hours later (STATE_TTL_HOURS 24) deletes them all', async () => {
    const dataDir = temporaryDataDir();
    const first = await startTestApp({ DATA_DIR: dataDir });
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const conversation = new Conversation(first.url, { locale: 'en-US' });
        await play(conversation, [
          ['Submit a request', /yourself/],
          ['Yes, for myself', /Who is submitting/],
        ]);
        return i;
      }),
    );
    await first.close();
    expect(stateFiles(dataDir).length).toBeGreaterThanOrEqual(30);

    const later = await startTestApp({ DATA_DIR: dataDir, STATE_TTL_HOURS: 24 }, { now: () => new Date(Date.now() + 25 * HOUR) });
    try {
      expect(stateFiles(dataDir)).toEqual([]);
      expect(later.logLines.some((line) => /idle conversation state deleted/.test(line))).toBe(true);
      expect(textOf(await new Conversation(later.url, { locale: 'en-US' }).say('Submit a request'))).toMatch(/yourself/);
    } finally {
      await later.close();
    }
  });

  test('a start within the TTL keeps the state: a form left open resumes', async () => {
    const dataDir = temporaryDataDir();
    const first = await startTestApp({ DATA_DIR: dataDir });
    const conversation = new Conversation(first.url, { locale: 'en-US' }, 'resuming-user');
    await play(conversation, [['Submit a request', /yourself/]]);
    await first.close();
    const later = await startTestApp({ DATA_DIR: dataDir }, { now: () => new Date(Date.now() + 23 * HOUR) });
    try {
      const resumed = new Conversation(later.url, { locale: 'en-US', conversation: { id: conversation.id } }, 'resuming-user');
      expect(textOf(await resumed.say('Yes, for myself'))).toMatch(/Who is submitting/);
    } finally {
      await later.close();
    }
  });
});

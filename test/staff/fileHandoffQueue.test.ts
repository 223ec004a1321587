import fs from 'node:fs';
import path from 'node:path';
import { FileHandoffQueue } from '../../staff/fileHandoffQueue';
import { HandoffCase } from '../../staff/handoffQueue';
import { newCase } from '../support/handoffCases';
import { temporaryDataDir } from '../support/testApp';

/**
 * What the file queue promises beyond the contract every queue keeps (test/contracts/): a change is
 * one line appended, a crash mid-write loses only that line, the journal does not grow without
 * bound, the file the queue was kept in before is carried over, and nobody else can read any of it.
 */
const at = new Date('2026-12-01T09:00:00Z');
const folder = () => path.join(temporaryDataDir(), 'handoff');
const journalOf = (dir: string) => path.join(dir, 'cases.jsonl');
const linesOf = (dir: string) => fs.readFileSync(journalOf(dir), 'utf8').split('\n').filter(Boolean);

test('a change appends the case as it now is, one line; reopening reads each case as last written', async () => {
  const dir = folder();
  const queue = await FileHandoffQueue.open(dir);
  const first = await queue.add(newCase('c1'), at);
  await queue.add(newCase('c2'), at);
  for (const text of ['السلام عليكم', 'رقم طلبي ١٢٣']) await queue.change(first.id, (c) => ({ ...c, messages: [...c.messages, { from: 'person', text, at: at.toISOString() }] }));
  expect(linesOf(dir)).toHaveLength(4);
  const reopened = await FileHandoffQueue.open(dir);
  expect((await reopened.get(first.id))?.messages.map((m) => m.text)).toEqual(['السلام عليكم', 'رقم طلبي ١٢٣']);
  expect(await reopened.list()).toHaveLength(2);
  expect(fs.statSync(journalOf(dir)).mode & 0o777).toBe(0o600);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
});

test('a line cut short by a crash is skipped: the change in flight is lost, every earlier one kept, and the queue goes on', async () => {
  const dir = folder();
  const queue = await FileHandoffQueue.open(dir);
  const added = await queue.add(newCase('c1'), at);
  await queue.change(added.id, (c) => ({ ...c, status: 'assigned', agent: 'noura', assignedAt: at.toISOString() }));
  const whole = JSON.stringify({ ...(await queue.get(added.id)), status: 'resolved', endedAt: at.toISOString() });
  fs.appendFileSync(journalOf(dir), whole.slice(0, whole.length / 2));
  const reopened = await FileHandoffQueue.open(dir);
  expect(await reopened.get(added.id)).toMatchObject({ status: 'assigned', agent: 'noura' });
  const next = await reopened.add(newCase('c2'), at);
  expect((await (await FileHandoffQueue.open(dir)).get(next.id))?.conversationId).toBe('c2');
});

test('a change that would not be read back is refused and not kept', async () => {
  const dir = folder();
  const queue = await FileHandoffQueue.open(dir);
  const added = await queue.add(newCase('c1'), at);
  await expect(queue.change(added.id, (c) => ({ ...c, rating: 9 }))).rejects.toThrow();
  expect((await queue.get(added.id))?.rating).toBeUndefined();
  expect((await (await FileHandoffQueue.open(dir)).get(added.id))?.rating).toBeUndefined();
});

test('the journal is written afresh while the service runs once it holds much more than its cases', async () => {
  const dir = folder();
  const queue = await FileHandoffQueue.open(dir);
  const added = await queue.add(newCase('c1'), at);
  const long = 'ن'.repeat(20_000);
  // 150 changes to one case of ~40 KB: ~6 MB appended in all, where the case is 40 KB.
  await queue.change(added.id, (c) => ({ ...c, messages: [{ from: 'person', text: long, at: at.toISOString() }] }));
  for (let i = 0; i < 150; i++) await queue.change(added.id, (c) => ({ ...c, lastAgentAt: new Date(at.getTime() + i).toISOString() }));
  expect(fs.statSync(journalOf(dir)).size).toBeLessThan(2 * 1024 * 1024);
  const reopened = await FileHandoffQueue.open(dir);
  expect(await reopened.get(added.id)).toMatchObject({ lastAgentAt: new Date(at.getTime() + 149).toISOString(), messages: [{ text: long }] });
});

test('a queue kept in the earlier single file (cases.json) is carried over, and that file removed', async () => {
  const dir = folder();
  fs.mkdirSync(dir, { recursive: true });
  const earlier: HandoffCase = HandoffCase.parse({ ...newCase('c1'), id: 'case-1', status: 'waiting', createdAt: at.toISOString(), queuedAt: at.toISOString() });
  fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({ cases: [earlier, { not: 'a case' }] }));
  const queue = await FileHandoffQueue.open(dir);
  expect(await queue.get('case-1')).toEqual(earlier);
  expect((await queue.standing('case-1')).position).toBe(1);
  expect(fs.existsSync(path.join(dir, 'cases.json'))).toBe(false);
  expect(await (await FileHandoffQueue.open(dir)).get('case-1')).toEqual(earlier);
});

test('a journal that cannot be written afresh stays as it was: the change that found it too long is kept, and the next tries again', async () => {
  const dir = folder();
  const queue = await FileHandoffQueue.open(dir);
  const added = await queue.add(newCase('c1'), at);
  const long = 'ن'.repeat(20_000);
  await queue.change(added.id, (c) => ({ ...c, messages: [{ from: 'person', text: long, at: at.toISOString() }] }));
  // Where the fresh journal is written first, a folder: writing it fails (root may write anywhere, but not there).
  const temporary = path.join(dir, '.cases.jsonl.tmp');
  fs.mkdirSync(temporary);
  for (let i = 0; i < 60; i++) await queue.change(added.id, (c) => ({ ...c, lastAgentAt: new Date(at.getTime() + i).toISOString() }));
  expect(fs.statSync(journalOf(dir)).size).toBeGreaterThan(2 * 1024 * 1024);
  expect((await (await FileHandoffQueue.open(dir)).get(added.id))?.lastAgentAt).toBe(new Date(at.getTime() + 59).toISOString());
  fs.rmdirSync(temporary);
  await queue.change(added.id, (c) => ({ ...c, lastAgentAt: at.toISOString() }));
  expect(fs.statSync(journalOf(dir)).size).toBeLessThan(100_000);
  expect((await (await FileHandoffQueue.open(dir)).get(added.id))?.lastAgentAt).toBe(at.toISOString());
});

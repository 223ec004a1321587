import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LowdbStorage } from '../../bot/lowdbStorage';
import { temporaryDataDir } from '../support/testApp';

describe('LowdbStorage', () => {
  test('what is written is read back after reopening the files', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    await storage.write({ 'a/conversations/1': { dialogState: { step: 2 } }, 'a/users/1': { language: 'en' } });
    const reopened = await LowdbStorage.open(dir);
    const items = await reopened.read(['a/conversations/1', 'a/users/1', 'missing']);
    expect(items['a/conversations/1']).toMatchObject({ dialogState: { step: 2 } });
    expect(items['a/users/1']).toMatchObject({ language: 'en' });
    expect(items.missing).toBeUndefined();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThan(0);
  });

  test('a stale eTag is refused, a fresh one and "*" are accepted', async () => {
    const storage = await LowdbStorage.open(temporaryDataDir());
    await storage.write({ key: { n: 1 } });
    const first = (await storage.read(['key'])).key;
    await storage.write({ key: { ...first, n: 2 } });
    await expect(storage.write({ key: { ...first, n: 3 } })).rejects.toThrow(/eTag/);
    await storage.write({ key: { n: 4, eTag: '*' } });
    expect((await storage.read(['key'])).key.n).toBe(4);
  });

  test('a reader cannot change what is stored by mutating what it read', async () => {
    const storage = await LowdbStorage.open(temporaryDataDir());
    await storage.write({ key: { list: [1] } });
    const item = (await storage.read(['key'])).key;
    item.list.push(2);
    expect((await storage.read(['key'])).key.list).toEqual([1]);
  });

  test('a writer cannot change what is stored by mutating what it wrote', async () => {
    const storage = await LowdbStorage.open(temporaryDataDir());
    const written = { list: [1], nested: { n: 1 } };
    await storage.write({ key: written });
    written.list.push(2);
    written.nested.n = 2;
    expect((await storage.read(['key'])).key).toMatchObject({ list: [1], nested: { n: 1 } });
  });

  test('what a read gives is what the file gives after a restart, key order and all, whatever was written', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    const awkward = JSON.parse('{"b": 1, "10": "ten", "2": "two", "__proto__": {"own": 1}, "text": "quote \\" \\u2028 \\ud800 عربي", "n": [-0, 1e21]}');
    const values = { awkward, withDate: { at: new Date(0), gone: undefined, list: [undefined, NaN] } };
    for (const [key, value] of Object.entries(values)) await storage.write({ [key]: value });
    const reopened = await LowdbStorage.open(dir);
    const shape = (item: Record<string, unknown>) => {
      const { eTag: _eTag, ...value } = item;
      return { json: JSON.stringify(value), keys: Object.keys(value), ownProto: Object.prototype.hasOwnProperty.call(value, '__proto__') };
    };
    for (const key of Object.keys(values)) expect(shape((await storage.read([key]))[key])).toEqual(shape((await reopened.read([key]))[key]));
    expect(shape((await storage.read(['awkward'])).awkward).ownProto).toBe(true);
  });

  test('delete removes the item from the file', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    await storage.write({ gone: { x: 1 } });
    await storage.delete(['gone']);
    expect((await (await LowdbStorage.open(dir)).read(['gone'])).gone).toBeUndefined();
  });

  test('many concurrent writes to different keys all land', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => storage.write({ [`k${i}`]: { i } })));
    const reopened = await LowdbStorage.open(dir);
    const items = await reopened.read(Array.from({ length: 200 }, (_, i) => `k${i}`));
    expect(Object.keys(items)).toHaveLength(200);
    for (const file of fs.readdirSync(dir)) {
      const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(() => JSON.parse(lines[0])).not.toThrow();
    }
  });

  test('two writes with the same eTag: one lands, the other is refused', async () => {
    const storage = await LowdbStorage.open(temporaryDataDir());
    await storage.write({ key: { n: 1 } });
    const read = (await storage.read(['key'])).key;
    const results = await Promise.allSettled([storage.write({ key: { ...read, n: 2 } }), storage.write({ key: { ...read, n: 3 } })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  test('empty state is not kept: a conversation whose form ended leaves no file, even with a property set to undefined', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    await storage.write({ conv: { dialogState: { dialogStack: [{ id: 'form', state: { step: 1 } }] } } });
    expect(fs.readdirSync(dir)).toHaveLength(1);
    const read = (await storage.read(['conv'])).conv;
    const ended = storage.write({ conv: { ...read, dialogState: { dialogStack: [] }, offeredChoices: undefined } });
    await storage.write({ other: { dialogState: { dialogStack: [] } } });
    await ended;
    expect(fs.readdirSync(dir)).toHaveLength(0);
    expect((await (await LowdbStorage.open(dir)).read(['conv', 'other']))).toEqual({});
  });

  test('a delete right after a write is not undone by the write finishing later', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    const written = storage.write({ key: { n: 1 } });
    const deleted = storage.delete(['key']);
    await Promise.all([written, deleted]);
    expect((await (await LowdbStorage.open(dir)).read(['key'])).key).toBeUndefined();
  });

  test('each write is one line appended; a line cut short by a crash is skipped and the state before it stands', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    for (let step = 1; step <= 3; step++) {
      const read = (await storage.read(['form'])).form ?? {};
      await storage.write({ form: { ...read, step } });
    }
    await storage.close();
    const [file] = fs.readdirSync(dir);
    expect(fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    // A crash in the middle of the fourth write:
    fs.appendFileSync(path.join(dir, file), '\n{"key":"form","eTag":"x","value":{"st');
    const afterCrash = await LowdbStorage.open(dir);
    const read = (await afterCrash.read(['form'])).form;
    expect(read).toMatchObject({ step: 3 });
    // Writing on after the cut keeps what is written.
    await afterCrash.write({ form: { ...read, step: 4 } });
    await afterCrash.close();
    expect((await (await LowdbStorage.open(dir)).read(['form'])).form).toMatchObject({ step: 4 });
  });

  test('a file that has grown long is rewritten as its latest line, and reads still give the latest state', async () => {
    const dir = temporaryDataDir();
    const storage = await LowdbStorage.open(dir);
    for (let step = 1; step <= 40; step++) {
      const read = (await storage.read(['form'])).form ?? {};
      await storage.write({ form: { ...read, step } });
    }
    await storage.close();
    const [file] = fs.readdirSync(dir);
    expect(fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean).length).toBeLessThan(16);
    expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    expect((await (await LowdbStorage.open(dir)).read(['form'])).form).toMatchObject({ step: 40 });
  });

  test('state files of the earlier one-JSON-file-per-key layout are read after an upgrade', async () => {
    const dir = temporaryDataDir();
    fs.mkdirSync(dir, { recursive: true });
    const name = crypto.createHash('sha1').update('old/conversations/1').digest('hex');
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ key: 'old/conversations/1', eTag: 'e1', value: { form: { step: 5 } } }, null, 2), { mode: 0o600 });
    const storage = await LowdbStorage.open(dir);
    expect((await storage.read(['old/conversations/1']))['old/conversations/1']).toMatchObject({ form: { step: 5 } });
    expect(fs.readdirSync(dir)).toEqual([`${name}.jsonl`]);
  });
});

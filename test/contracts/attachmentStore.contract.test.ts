import { PostgresAttachmentStore } from '../../postgres/postgresAttachmentStore';
import { AttachmentStore, FolderAttachmentStore } from '../../requests/attachmentStore';
import { PostgresBackend } from '../support/storeBackends';
import { temporaryDataDir } from '../support/testApp';

const pg = new PostgresBackend();
const DAY = 24 * 60 * 60 * 1000;
const backends: { name: string; setUp(): Promise<void>; tearDown(): Promise<void>; make(): Promise<AttachmentStore> }[] = [
  { name: 'folder', setUp: async () => undefined, tearDown: async () => undefined, make: async () => new FolderAttachmentStore(temporaryDataDir()) },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    make: async () => {
      await pg.empty();
      return new PostgresAttachmentStore(pg.pool());
    },
  },
];
const pdf = (text: string) => Buffer.from(`%PDF-1.4 ${text}`);

describe.each(backends)('AttachmentStore contract: $name', (backend) => {
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  test('a kept file gets a fresh id and a safe shown name, never the sender’s path', async () => {
    const store = await backend.make();
    const kept = await store.keepPending(pdf('a'), { contentType: 'application/pdf', extension: 'pdf', name: '../../etc/passwd' });
    expect(kept).toMatchObject({ contentType: 'application/pdf', bytes: pdf('a').length, name: '.._.._etc_passwd' });
    expect(kept.file).not.toContain('..');
  });

  test('adopted files outlive the sweep; pending ones older than the limit are swept, and then reported missing', async () => {
    const store = await backend.make();
    const adopted = await store.keepPending(pdf('kept'), { contentType: 'application/pdf', extension: 'pdf' });
    const abandoned = await store.keepPending(pdf('left'), { contentType: 'application/pdf', extension: 'pdf' });
    const result = await store.adopt([adopted]);
    expect(result.adopted.map((a) => a.id)).toEqual([adopted.id]);
    expect(await store.sweepAbandoned(DAY)).toBe(0);
    expect(await store.sweepAbandoned(DAY, Date.now() + 2 * DAY)).toBe(1);
    expect(await store.adopt([abandoned])).toEqual({ adopted: [], missing: [abandoned] });
  });

  test('discarded files are gone, and discarding one already gone is fine', async () => {
    const store = await backend.make();
    const file = await store.keepPending(pdf('x'), { contentType: 'application/pdf', extension: 'pdf' });
    await store.discard([file]);
    await store.discard([file]);
    expect(await store.sweepAbandoned(0, Date.now() + DAY)).toBe(0);
  });
});

import path from 'node:path';
import { createLogger } from '../../platform/logger';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Notice } from '../../requests/notifier';
import { RandomRequestNumbers } from '../../requests/requestNumbers';
import { RequestService } from '../../requests/requestService';
import { draftFor } from '../support/requestDrafts';
import { temporaryDataDir } from '../support/testApp';

async function service(dataDir = temporaryDataDir()) {
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
  const told: Notice[] = [];
  const requests = new RequestService({
    store,
    numbers: new RandomRequestNumbers(),
    notifier: { tell: async (notice) => (told.push(notice), { sms: true, chat: false }) },
    attachments: new FolderAttachmentStore(dataDir),
    logger: createLogger('silent'),
  });
  return { store, told, requests, dataDir };
}

describe('submitting is idempotent per form', () => {
  test('the same submission key twice stores one request and texts once; the second call returns the first request', async () => {
    const { store, told, requests } = await service();
    const first = await requests.submit(draftFor(1), { submissionKey: 'form-1' });
    const second = await requests.submit(draftFor(1), { submissionKey: 'form-1' });
    expect(second.request).toEqual(first.request);
    expect(second.repeated).toBe(true);
    expect(store.size).toBe(1);
    expect(told).toHaveLength(1);
  });

  test('a double press (the same key at the same moment) stores one request', async () => {
    const { store, told, requests } = await service();
    const results = await Promise.all(Array.from({ length: 5 }, () => requests.submit(draftFor(2), { submissionKey: 'form-2' })));
    expect(new Set(results.map((r) => r.request.number)).size).toBe(1);
    expect(store.size).toBe(1);
    expect(told).toHaveLength(1);
  });

  test('the key is remembered across a restart; other keys, and no key, are new requests', async () => {
    const { requests, dataDir } = await service();
    const first = await requests.submit(draftFor(3), { submissionKey: 'form-3' });
    const restarted = await service(dataDir);
    expect((await restarted.requests.submit(draftFor(3), { submissionKey: 'form-3' })).request.number).toBe(first.request.number);
    expect(restarted.told).toHaveLength(0);
    await restarted.requests.submit(draftFor(3), { submissionKey: 'form-4' });
    await restarted.requests.submit(draftFor(3));
    await restarted.requests.submit(draftFor(3));
    expect(restarted.store.size).toBe(4);
    expect(await restarted.store.findBySubmissionKey('form-4')).toMatchObject({ submissionKey: 'form-4' });
  });

  test('the store refuses a second request with a key it holds, synchronously like a repeated number', async () => {
    const { store, requests } = await service();
    const { request } = await requests.submit(draftFor(5), { submissionKey: 'form-5' });
    await expect(store.add({ ...request, id: crypto.randomUUID(), number: 'TW-2026-11111111' })).rejects.toThrow(/already submitted/);
    expect(store.size).toBe(1);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../platform/logger';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Notice } from '../../requests/notifier';
import { RandomRequestNumbers } from '../../requests/requestNumbers';
import { RequestService } from '../../requests/requestService';
import { ClosedRequestError } from '../../requests/requestStore';
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

describe('the person adds information to their request', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64)]);

  test('awaiting information: the files move out of pending, the history says who added what and when, and it is back in review (also after a restart)', async () => {
    const { requests, dataDir } = await service();
    const { request } = await requests.submit(draftFor(11));
    await requests.changeStatus(request.number, 'in_review');
    await requests.changeStatus(request.number, 'awaiting_info', 'Please attach a copy of your passport.');
    const file = await new FolderAttachmentStore(dataDir).keepPending(PNG, { contentType: 'image/png', extension: 'png', name: 'passport.png' });
    const added = await requests.addInformation(request.number, { text: 'Here is my passport.', attachments: [file] });
    expect(added!.request.status).toBe('in_review');
    const stored = (await (await service(dataDir)).store.get(request.number))!;
    expect(stored.status).toBe('in_review');
    expect(stored.history.at(-1)).toEqual({ status: 'in_review', at: expect.any(String), by: 'requester', added: { text: 'Here is my passport.', files: [{ id: file.id, name: 'passport.png' }] } });
    expect(stored.attachments.map((a) => a.name)).toEqual(['passport.png']);
    expect(stored.attachments[0].file).not.toContain('pending');
    expect(fs.readFileSync(path.join(dataDir, stored.attachments[0].file))).toEqual(PNG);
  });

  test('a request in review keeps its status; a closed one refuses and its files are not kept', async () => {
    const { requests, dataDir } = await service();
    const open = (await requests.submit(draftFor(12))).request;
    expect((await requests.addInformation(open.number, { text: 'My old passport number was A1234567.', attachments: [] }))!.request.status).toBe('received');
    const closed = (await requests.submit(draftFor(13))).request;
    await requests.changeStatus(closed.number, 'rejected');
    const file = await new FolderAttachmentStore(dataDir).keepPending(PNG, { contentType: 'image/png', extension: 'png', name: 'late.png' });
    await expect(requests.addInformation(closed.number, { attachments: [file] })).rejects.toBeInstanceOf(ClosedRequestError);
    expect(fs.existsSync(path.join(dataDir, file.file))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'attachments', path.basename(file.file)))).toBe(false);
  });
});

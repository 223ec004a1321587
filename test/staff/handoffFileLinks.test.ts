import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AgentAccounts } from '../../staff/agentAccounts';
import { FileLinks } from '../../staff/fileLinks';
import { Conversation } from '../support/conversation';
import { DirectLineClient } from '../support/directLineClient';
import { startRecordingServer } from '../support/recordingServer';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-file-link-tests';
const PASSWORD = 'correct horse battery';
const NATIONAL_ID = '1012345674';
/** Larger than the 256 KB a Direct Line activity may be: it cannot go inside the message. */
const LARGE_PDF = Buffer.concat([Buffer.from('%PDF-1.4 the stamped permit '), Buffer.alloc(600 * 1024, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('an officer’s screenshot')]);
const HOUR_MS = 3600_000;

let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
let staff: StaffClient;
let noura: StaffClient;
let clock = Date.now();

beforeAll(async () => {
  channel = await startRecordingServer(() => ({ status: 200, body: { id: 'recorded' } }));
  const dataDir = temporaryDataDir();
  await (await AgentAccounts.open(dataDir)).add('noura', 'Noura', PASSWORD);
  // 1 MB: the form's limit, set low enough to test. The clock moves only when a test moves it.
  app = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true, ATTACHMENT_MAX_BYTES: 1024 * 1024, HANDOFF_AGENT_TIMEOUT_SECONDS: 86_400 }, { now: () => new Date(clock) });
  staff = new StaffClient(app.url, TOKEN);
  noura = new StaffClient(app.url);
  await noura.login('noura', PASSWORD);
});
afterAll(async () => {
  await app.close();
  await channel.close();
});

/** The officer's message with files, as the console sends it: multipart, a text field and file parts. */
function sendFiles(id: string, text: string, files: { bytes: Buffer; name: string; type: string }[]) {
  const form = new FormData();
  form.append('text', text);
  for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(`${app.url}/api/staff/handoffs/${id}/messages`, { method: 'POST', headers: { cookie: noura.cookie! }, body: form });
}

/** A person on the built-in web chat, connected to Noura, who has given their national ID; returns the case id. */
async function connectedOnWebChat(person: DirectLineClient): Promise<string> {
  await person.start('en-US');
  await person.botMessages();
  await person.post({ type: 'message', text: 'agent', locale: 'en-US' });
  await person.botMessages();
  const id = (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === person.conversationId).id;
  expect((await noura.post(`/api/staff/handoffs/${id}/claim`)).status).toBe(200);
  await person.botMessages();
  await person.post({ type: 'message', text: `my ID is ${NATIONAL_ID}`, locale: 'en-US' });
  return id;
}

describe('an officer’s file too large to go inside a message', () => {
  test('reaches the person on web chat as a link to this server that downloads exactly its bytes; a small one still goes inside', async () => {
    const person = new DirectLineClient(app.url);
    const id = await connectedOnWebChat(person);

    const sent = await sendFiles(id, 'Your stamped permit', [
      { bytes: LARGE_PDF, name: 'stamped-permit.pdf', type: 'application/pdf' },
      { bytes: PNG, name: 'steps.png', type: 'image/png' },
    ]);
    expect(sent.status).toBe(201);
    const arrived = (await person.botMessages()).find((a) => a.attachments?.length);
    expect(arrived?.text).toBe('Your stamped permit');
    const [large, small] = arrived!.attachments!;
    expect(large).toMatchObject({ contentType: 'application/pdf', name: 'stamped-permit.pdf', contentUrl: expect.stringMatching(new RegExp(`^${app.url}/files/[A-Za-z0-9_.-]+$`)) });
    expect(small).toEqual({ contentType: 'image/png', name: 'steps.png', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` });

    // Anyone holding the link (the person's browser, the channel) downloads it, with no session.
    const download = await fetch(large.contentUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''stamped-permit.pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(LARGE_PDF)).toBe(true);

    // Nothing about the person, the case or where the file is kept is in the link or the log.
    const stored = readdirSync(path.join(app.dataDir, 'attachments')).filter((name) => name.length > 20);
    const file = (await noura.call(`/api/staff/handoffs/${id}`)).body.messages.find((m: any) => m.from === 'agent').files[0];
    const logs = app.logLines.join('\n');
    for (const secret of [NATIONAL_ID, person.conversationId, app.dataDir, 'stamped-permit', ...stored]) expect(large.contentUrl).not.toContain(secret);
    for (const secret of [NATIONAL_ID, app.dataDir, ...stored, large.contentUrl.split('/files/')[1]]) expect(logs).not.toContain(secret);
    expect(file).toMatchObject({ name: 'stamped-permit.pdf', bytes: LARGE_PDF.length });
    // The links' key is this deployment's, readable by the service's user only.
    expect(statSync(path.join(app.dataDir, 'staff', 'file-links.key')).mode & 0o777).toBe(0o600);

    // Every bound stays: a file over ATTACHMENT_MAX_BYTES is refused, and the person gets nothing.
    const tooLarge = await sendFiles(id, '', [{ bytes: Buffer.concat([LARGE_PDF, LARGE_PDF]), name: 'huge.pdf', type: 'application/pdf' }]);
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toMatchObject({ error: expect.stringMatching(/larger than the size allowed/) });
  });

  test('a link tampered with, made up, or past its day is a 404 that does not say which', async () => {
    const person = new DirectLineClient(app.url);
    const id = await connectedOnWebChat(person);
    expect((await sendFiles(id, '', [{ bytes: LARGE_PDF, name: 'permit.pdf', type: 'application/pdf' }])).status).toBe(201);
    const link: string = (await person.botMessages()).find((a) => a.attachments?.length)!.attachments![0].contentUrl;
    const token = link.split('/files/')[1];
    const [payload, signature] = token.split('.');
    // Another file of the same case, or a later expiry, in a payload the key did not sign.
    const otherFile = Buffer.from(payload, 'base64url').fill(0, 16, 32).toString('base64url');
    const later = Buffer.from(payload, 'base64url');
    later.writeUIntBE(later.readUIntBE(32, 5) + 365 * 24 * 3600, 32, 5);
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const wrong = [
      `${flip(payload, 3)}.${signature}`,
      `${payload}.${flip(signature, 10)}`,
      `${otherFile}.${signature}`,
      `${later.toString('base64url')}.${signature}`,
      payload,
      `${token}.${signature}`,
      'x'.repeat(300),
      'nothing-here',
      `..%2F..%2Fattachments`,
    ];
    const answers = await Promise.all(wrong.map(async (bad) => (await fetch(`${app.url}/files/${bad}`)).status));
    expect(answers).toEqual(wrong.map(() => 404));
    const refusals = await Promise.all(wrong.map(async (bad) => (await fetch(`${app.url}/files/${bad}`)).text()));
    const refusal = refusals[0];
    expect(refusals).toEqual(wrong.map(() => refusal));
    expect(refusal).toMatch(/may have expired/);
    expect(refusal).not.toMatch(/signature|token|expired at|stack|\/tmp/i);
    expect((await fetch(`${app.url}/files/`)).status).toBe(404);

    // Even a link signed with this deployment's key never serves the person's own documents: links are for the officer's files.
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', text: 'my permit', attachments: [{ contentType: 'application/pdf', name: 'permit.pdf' }] })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([new Uint8Array(LARGE_PDF)], { type: 'application/pdf' }), 'permit.pdf');
    await fetch(`${person.domain}/conversations/${person.conversationId}/upload?userId=${person.userId}`, { method: 'POST', headers: { authorization: `Bearer ${person.token}` }, body: form });
    const theirs = await eventually(async () => (await noura.call(`/api/staff/handoffs/${id}`)).body.messages.find((m: any) => m.from === 'person' && m.files)?.files[0]);
    const keyed = await FileLinks.open(app.dataDir, () => app.url, () => new Date(clock));
    expect((await fetch(keyed.linkFor({ caseId: id, fileId: theirs.id }))).status).toBe(404);

    expect((await fetch(link)).status).toBe(200);
    clock += 25 * HOUR_MS;
    const expired = await fetch(link);
    expect(expired.status).toBe(404);
    expect(await expired.text()).toBe(refusal);
  });
});

test('on SMS, which shows no attachments, the officer’s file goes as its name and a link in the text, in the person’s language', async () => {
  // A session lasts 8 hours, and the clock may have moved on.
  await noura.login('noura', PASSWORD);
  const person = new Conversation(app.url, { channelId: 'sms', locale: 'ar-SA', serviceUrl: channel.url });
  await person.say('ابي اكلم موظف');
  const id = (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === person.id).id;
  expect((await noura.post(`/api/staff/handoffs/${id}/claim`)).status).toBe(200);
  expect((await sendFiles(id, 'تفضل الصورة', [{ bytes: PNG, name: 'steps.png', type: 'image/png' }])).status).toBe(201);
  const texts = await eventually(() => {
    const sent = channel.received.filter((r) => r.url.includes(encodeURIComponent(person.id)) && r.body?.type === 'message').map((r) => r.body);
    return sent.find((m) => m.text?.includes('/files/'));
  });
  expect(texts.attachments ?? []).toEqual([]);
  expect(texts.text).toMatch(/^تفضل الصورة\n\nلتنزيل الملف «\u2068steps\.png\u2069» فضلاً افتح الرابط التالي:\n/);
  const link = texts.text.split('\n').pop();
  expect(link).toMatch(new RegExp(`^${app.url}/files/`));
  expect(Buffer.from(await (await fetch(link)).arrayBuffer()).equals(PNG)).toBe(true);
});

import { AgentAccounts } from '../../staff/agentAccounts';
import { Conversation, textOf } from '../support/conversation';
import { DirectLineClient } from '../support/directLineClient';
import { startRecordingServer } from '../support/recordingServer';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-handoff-file-tests';
const PASSWORD = 'correct horse battery';
const PDF = Buffer.from('%PDF-1.4 the person’s residence permit');
const BIG_PDF = Buffer.concat([Buffer.from('%PDF-1.4 '), Buffer.alloc(1024 * 1024 + 10)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('an officer’s screenshot')]);

let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
let staff: StaffClient;
let noura: StaffClient;

beforeAll(async () => {
  // The channel holds the person's file at its own host, as Azure channels do (contentUrl on the serviceUrl's host).
  channel = await startRecordingServer((req) => {
    if (req.method === 'GET' && req.url === '/files/permit.pdf') return { status: 200, raw: PDF, contentType: 'application/pdf' };
    if (req.method === 'GET' && req.url === '/files/big.pdf') return { status: 200, raw: BIG_PDF, contentType: 'application/pdf' };
    return { status: 200, body: { id: 'recorded' } };
  });
  const dataDir = temporaryDataDir();
  const accounts = await AgentAccounts.open(dataDir);
  await accounts.add('noura', 'Noura', PASSWORD);
  await accounts.add('fahad', 'Fahad', PASSWORD);
  await accounts.add('salma', 'Salma', PASSWORD, true);
  // 1 MB: the form's limit, set low enough to test.
  app = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true, ATTACHMENT_MAX_BYTES: 1024 * 1024 });
  staff = new StaffClient(app.url, TOKEN);
  noura = new StaffClient(app.url);
  await noura.login('noura', PASSWORD);
});
afterAll(async () => {
  await app.close();
  await channel.close();
});

/** A person on an Azure-like channel connected to Noura; returns the case id. */
async function connected(conversation: Conversation): Promise<string> {
  await conversation.say('agent');
  const id = (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === conversation.id).id;
  expect((await noura.post(`/api/staff/handoffs/${id}/claim`)).status).toBe(200);
  return id;
}
const channelMessages = (conversationId: string) => channel.received.filter((r) => r.url.includes(encodeURIComponent(conversationId)) && r.body?.type === 'message').map((r) => r.body);

/** The officer's message with files, as the console sends it: multipart, a text field and file parts. */
function sendFiles(client: StaffClient, id: string, text: string, files: { bytes: Buffer; name: string; type: string }[]) {
  const form = new FormData();
  form.append('text', text);
  for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(`${app.url}/api/staff/handoffs/${id}/messages`, { method: 'POST', headers: { cookie: client.cookie! }, body: form });
}

describe('the person’s file reaches the console', () => {
  test('a file sent while connected is in the conversation, and only the officer who took it can download it', async () => {
    const feed = noura.feed();
    await feed.opened;
    const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
    const id = await connected(person);
    const replies = await person.say('Here is my permit', { attachments: [{ contentType: 'application/pdf', name: 'permit.pdf', contentUrl: `${channel.url}/files/permit.pdf` }] });
    // The bot stays out of the way.
    expect(replies).toEqual([]);
    const heard = await feed.next((e) => e.type === 'message' && e.caseId === id && e.message.files?.length);
    expect(heard.message).toMatchObject({ from: 'person', text: 'Here is my permit', files: [{ name: 'permit.pdf', contentType: 'application/pdf', bytes: PDF.length }] });
    feed.close();

    const detail = (await noura.call(`/api/staff/handoffs/${id}`)).body;
    const file = detail.messages.find((m: any) => m.files)?.files[0];
    expect(file.name).toBe('permit.pdf');
    // Where it is kept is not staff's business.
    expect(file.file).toBeUndefined();
    const download = await fetch(`${app.url}/api/staff/handoffs/${id}/files/${file.id}`, { headers: { cookie: noura.cookie! } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''permit\.pdf$/);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);

    // Another officer, a supervisor and the machine token are refused; an unknown file is a 404.
    const fahad = new StaffClient(app.url);
    await fahad.login('fahad', PASSWORD);
    const salma = new StaffClient(app.url);
    await salma.login('salma', PASSWORD);
    for (const other of [fahad, salma, staff]) expect((await other.call(`/api/staff/handoffs/${id}/files/${file.id}`)).status).toBe(403);
    expect((await noura.call(`/api/staff/handoffs/${id}/files/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await noura.call(`/api/staff/handoffs/${id}/files/..%2F..%2Faudit.jsonl`)).status).toBe(404);
  });

  test('a file the form would refuse is refused here too, in the person’s language, and nothing reaches the console', async () => {
    const person = new Conversation(app.url, { locale: 'ar-SA', serviceUrl: channel.url });
    await person.say('ابي اكلم موظف');
    const id = (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === person.id).id;
    await noura.post(`/api/staff/handoffs/${id}/claim`);
    const replies = await person.send({
      type: 'message',
      attachments: [
        { contentType: 'application/x-msdownload', name: 'tool.exe', contentUrl: 'data:application/x-msdownload;base64,TVqQAAMAAAAEAAAA' },
        { contentType: 'application/pdf', name: 'big.pdf', contentUrl: `${channel.url}/files/big.pdf` },
      ],
    });
    expect(textOf(replies)).toMatch(/لا يمكنني قبول .*tool\.exe/);
    expect(textOf(replies)).toMatch(/big\.pdf/);
    expect((await noura.call(`/api/staff/handoffs/${id}`)).body.messages).toEqual([]);
  });
});

describe('the officer’s file reaches the person', () => {
  test('on an Azure channel: the activity carries the file inline; a file of another type is refused with a clear 400', async () => {
    const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
    const id = await connected(person);
    const sent = await sendFiles(noura, id, 'The screenshot you asked for', [{ bytes: PNG, name: 'steps.png', type: 'image/png' }]);
    expect(sent.status).toBe(201);
    await eventually(() => channelMessages(person.id).some((m) => m.attachments?.length));
    const activity = channelMessages(person.id).find((m) => m.attachments?.length);
    expect(activity.text).toBe('The screenshot you asked for');
    expect(activity.attachments).toEqual([{ contentType: 'image/png', name: 'steps.png', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` }]);
    // The console shows it, and its officer can open it again.
    const file = (await noura.call(`/api/staff/handoffs/${id}`)).body.messages.find((m: any) => m.from === 'agent').files[0];
    const again = await fetch(`${app.url}/api/staff/handoffs/${id}/files/${file.id}`, { headers: { cookie: noura.cookie! } });
    expect(Buffer.from(await again.arrayBuffer())).toEqual(PNG);

    const before = channelMessages(person.id).length;
    const refused = await sendFiles(noura, id, '', [{ bytes: Buffer.from('MZ not a pdf'), name: 'tool.pdf', type: 'application/pdf' }]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: expect.stringMatching(/not a PDF, JPG or PNG/) });
    expect((await noura.post(`/api/staff/handoffs/${id}/messages`, {})).body.error).toMatch(/text or a file is required/);
    expect(channelMessages(person.id).length).toBe(before);
  });

  test('on web chat (the built-in Direct Line): the person uploads a file, the officer opens it and sends one back', async () => {
    const person = new DirectLineClient(app.url);
    await person.start('en-US');
    await person.botMessages();
    await person.post({ type: 'message', text: 'agent', locale: 'en-US' });
    await person.botMessages();
    const id = (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === person.conversationId).id;
    await noura.post(`/api/staff/handoffs/${id}/claim`);
    await person.botMessages();

    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', text: 'my permit', attachments: [{ contentType: 'application/pdf', name: 'permit.pdf' }] })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'permit.pdf');
    const upload = await fetch(`${person.domain}/conversations/${person.conversationId}/upload?userId=${person.userId}`, { method: 'POST', headers: { authorization: `Bearer ${person.token}` }, body: form });
    expect(upload.status).toBe(200);
    const file = await eventually(async () => (await noura.call(`/api/staff/handoffs/${id}`)).body.messages.find((m: any) => m.files)?.files[0]);
    const download = await fetch(`${app.url}/api/staff/handoffs/${id}/files/${file.id}`, { headers: { cookie: noura.cookie! } });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);

    expect((await sendFiles(noura, id, 'Here it is, stamped', [{ bytes: PNG, name: 'stamped.png', type: 'image/png' }])).status).toBe(201);
    const arrived = await person.botMessages();
    expect(arrived.find((a) => a.attachments?.length)).toMatchObject({ text: 'Here it is, stamped', attachments: [{ contentType: 'image/png', name: 'stamped.png', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` }] });
  });
});

describe('retention', () => {
  test('TRANSCRIPT_RETENTION_DAYS after a case ended, what it holds of the person goes (what was said, the files, the rating asked for); the case stays for the desk', async () => {
    const dataDir = temporaryDataDir();
    await (await AgentAccounts.open(dataDir)).add('noura', 'Noura', PASSWORD);
    let now = new Date();
    const settings = { DATA_DIR: dataDir, STAFF_HOURS: 'always', ALLOW_EMULATOR: true, TRANSCRIPT_RETENTION_DAYS: 30 } as const;
    const first = await startTestApp(settings, { now: () => now });
    const officer = new StaffClient(first.url);
    await officer.login('noura', PASSWORD);
    const person = new Conversation(first.url, { locale: 'en-US', serviceUrl: channel.url });
    await person.say('agent');
    const id = (await officer.call('/api/staff/handoffs')).body.handoffs[0].id;
    await officer.post(`/api/staff/handoffs/${id}/claim`);
    await person.say('my permit', { attachments: [{ contentType: 'application/pdf', name: 'permit.pdf', contentUrl: `${channel.url}/files/permit.pdf` }] });
    await person.say('end');
    const file = (await officer.call(`/api/staff/handoffs/${id}`)).body.messages[0].files[0];
    await first.close();

    // A restart sweeps at once: 29 days on the file is still there, 31 days on it is gone.
    for (const [days, status] of [[29, 200], [31, 404]] as const) {
      now = new Date(Date.now() + days * 24 * 3600_000);
      const later = await startTestApp(settings, { now: () => now });
      try {
        const client = new StaffClient(later.url);
        await client.login('noura', PASSWORD);
        expect((await fetch(`${later.url}/api/staff/handoffs/${id}/files/${file.id}`, { headers: { cookie: client.cookie! } })).status).toBe(status);
        const kept = (await client.call(`/api/staff/handoffs/${id}`)).body;
        if (status === 200) expect(kept.messages[0].files).toEqual([expect.objectContaining({ name: 'permit.pdf' })]);
        else {
          expect(kept).toMatchObject({ status: 'resolved', agent: 'noura', messages: [], feedback: 'done' });
          // The person's next message is the bot's again, not an answer to a rating asked a month ago.
          const reply = await fetch(`${later.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'message', text: '5', channelId: 'test', locale: 'en-US', conversation: { id: person.id }, from: person.user, recipient: { id: 'tawasul-bot' }, deliveryMode: 'expectReplies' }),
          });
          const said = ((await reply.json()) as { activities: { type: string; text?: string }[] }).activities.filter((a) => a.type === 'message').map((a) => a.text ?? '').join('\n');
          expect(said).not.toContain('Would you like to add a comment?');
          expect(said.length).toBeGreaterThan(0);
        }
      } finally {
        await later.close();
      }
    }
  });
});

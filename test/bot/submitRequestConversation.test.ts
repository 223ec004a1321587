import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { citizenId, mobile } from '../support/saudiIds';
import { fillRequestForm } from '../support/submitThrough';
import { startTestApp, TestApp } from '../support/testApp';
import { DESCRIPTION, upToId } from '../support/submitTurns';

const MAX_BYTES = 4096;
let app: TestApp;
beforeAll(async () => {
  // The attachments tests stand a channel up on a loopback port: the Emulator's case.
  app = await startTestApp({ ATTACHMENT_MAX_BYTES: MAX_BYTES, ALLOW_EMULATOR: true });
});
afterAll(() => app.close());

const talk = (locale = 'en-US', extra: Record<string, unknown> = {}) => new Conversation(app.url, { locale, ...extra });
const storedRequests = async () => (await LowdbRequestStore.open(path.join(app.dataDir, 'requests'))).list({ limit: 1000 });

// The form's own behaviour is tested with DialogTestClient in test/dialogs/submitRequestDialog.dialog.test.ts;
// what stays here needs the whole service: the bot's language switch, concurrency and a restart, files over HTTP.
describe('submitting a request', () => {
  test('switching language mid-form asks the same step again in the new language, keeping the answers', async () => {
    const conversation = talk();
    await play(conversation, [...upToId, [citizenId(109), /mobile/]]);
    await play(conversation, [
      ['عربي', /سأكمل معك باللغة العربية[\s\S]*أدخل رقم جوالك/],
      ['English', /continue in English[\s\S]*enter your mobile number/],
      [mobile(109).local, /email/],
      ['lang109@example.com', new RegExp(`review your request[\\s\\S]*${DESCRIPTION}[\\s\\S]*${citizenId(109)}`)],
    ]);
  });
});

describe('many people at once, and a restart', () => {
  test('200 people confirming at the same moment get 200 different numbers, all stored, all kept after a restart', async () => {
    const own = await startTestApp();
    const people = Array.from({ length: 200 }, (_, i) => ({ n: 2000 + i, conversation: new Conversation(own.url, { locale: 'en-US' }) }));
    await Promise.all(people.map(({ n, conversation }) => fillRequestForm(conversation, n, `crowd${n}@example.com`)));
    const confirmed = await Promise.all(people.map(({ conversation }) => conversation.say('Confirm and submit')));
    const numbers = confirmed.map((replies) => /TW-\d{4}-\d{6,}/.exec(textOf(replies))?.[0]);
    expect(numbers.every(Boolean)).toBe(true);
    expect(new Set(numbers).size).toBe(200);

    // Stopped, then started again on the same data directory: every request is still there.
    await own.close();
    const restarted = await startTestApp({ DATA_DIR: own.dataDir });
    try {
      const stored = await LowdbRequestStore.open(path.join(own.dataDir, 'requests'));
      expect(stored.size).toBe(200);
      for (const number of numbers) expect(await stored.get(number!)).toBeDefined();
      const someone = people[137];
      await play(new Conversation(restarted.url, { locale: 'en-US' }), [
        ['Track a request', /How would/],
        ['By request number', /request number/],
        [numbers[137]!, /one of these/],
        [`crowd${someone.n}@example.com`, /Current status: Received/],
      ]);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});

describe('attachments', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 32)]);
  const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
  let channel: http.Server;
  let channelUrl: string;
  const requested: string[] = [];
  beforeAll(async () => {
    // Stands in for the channel's attachment service: files sent in a conversation are served from its host.
    channel = http.createServer((req, res) => {
      requested.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(PDF);
    });
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
    channelUrl = `http://127.0.0.1:${(channel.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => channel.close(resolve)));

  const attach = (name: string, contentType: string, contentUrl: string) => ({ text: '', attachments: [{ name, contentType, contentUrl }] });

  test('pdf/jpg/png are kept under DATA_DIR; other types, oversized files and foreign links are refused with the reason', async () => {
    const conversation = talk('en-US', { serviceUrl: channelUrl });
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [
      [attach('screen.png', 'image/png', dataUrl('image/png', PNG)), /received “screen\.png”[\s\S]*Send another file/],
      [attach('letter.pdf', 'application/pdf', `${channelUrl}/v3/attachments/abc/views/original`), /received “letter\.pdf”/],
      [attach('tool.exe', 'application/x-msdownload', dataUrl('application/x-msdownload', Buffer.from('MZ...'))), /cannot accept “tool\.exe”: I accept PDF, JPG and PNG/],
      [attach('fake.png', 'image/png', dataUrl('image/png', Buffer.from('not really a png at all'))), /cannot accept “fake\.png”: I accept PDF/],
      [attach('big.png', 'image/png', dataUrl('image/png', Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]))), /cannot accept “big\.png”: it is larger than/],
      [attach('meta.pdf', 'application/pdf', 'http://169.254.169.254/latest/meta-data/'), /cannot accept “meta\.pdf”: please attach the file itself/],
      ['hello', /Please send a file, or press “Done”/],
      ['Done', /national ID/],
      [citizenId(108), /mobile/],
      [mobile(108).local, /email/],
      ['files@example.com', /Attachments: screen\.png، letter\.pdf/],
    ]);
    const replies = await conversation.say('Confirm and submit');
    const number = /TW-\d{4}-\d{6,}/.exec(textOf(replies))![0];
    const stored = (await storedRequests()).requests.find((r) => r.number === number)!;
    expect(stored.attachments.map((a) => [a.name, a.contentType])).toEqual([
      ['screen.png', 'image/png'],
      ['letter.pdf', 'application/pdf'],
    ]);
    expect(fs.readFileSync(path.join(app.dataDir, stored.attachments[0].file))).toEqual(PNG);
    expect(fs.readFileSync(path.join(app.dataDir, stored.attachments[1].file))).toEqual(PDF);
    expect(requested).toEqual(['/v3/attachments/abc/views/original']);
    expect(stored.attachments.every((a) => !a.file.includes('pending'))).toBe(true);
  });

  test('with anonymous traffic, a serviceUrl that is not this machine is refused before the bot hears anything', async () => {
    const conversation = talk('en-US', { serviceUrl: 'http://10.20.30.40:8080' });
    await expect(conversation.say('Submit a request')).rejects.toThrow(/answered 403/);
  });

  test('a link to a file on a host other than the channel\'s is refused, as any unusable link is', async () => {
    const conversation = talk('en-US', { serviceUrl: channelUrl });
    await play(conversation, upToId.slice(0, 5));
    await play(conversation, [[attach('inner.pdf', 'application/pdf', 'http://10.20.30.40:8080/v3/attachments/x'), /cannot accept “inner\.pdf”: please attach the file itself, a PDF, JPG or PNG file of at most/]]);
  });
});

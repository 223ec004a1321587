import { AgentAccounts } from '../../staff/agentAccounts';
import { Conversation, textOf } from '../support/conversation';
import { startRecordingServer } from '../support/recordingServer';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-handoff-language';
const PASSWORD = 'correct horse battery';
let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
let staff: StaffClient;
let noura: StaffClient;

beforeAll(async () => {
  channel = await startRecordingServer();
  const dataDir = temporaryDataDir();
  await (await AgentAccounts.open(dataDir)).add('noura', 'Noura', PASSWORD);
  app = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
  staff = new StaffClient(app.url, TOKEN);
  noura = new StaffClient(app.url);
  await noura.login('noura', PASSWORD);
});
afterAll(async () => {
  await app.close();
  await channel.close();
});

const channelTexts = (conversationId: string) =>
  channel.received.filter((r) => r.url.includes(encodeURIComponent(conversationId)) && r.body?.type === 'message').map((r) => r.body.text as string);
const caseOf = async (conversation: Conversation) => (await staff.call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === conversation.id);

test('waiting, the language control switches to English: the place in the queue, the officer joining, the end and the rating prompt follow; the console sees it live', async () => {
  const feed = staff.feed();
  await feed.opened;
  const person = new Conversation(app.url, { locale: 'ar-SA', serviceUrl: channel.url });
  expect(textOf(await person.say('ابي اكلم موظف'))).toMatch(/ترتيبك في قائمة الانتظار/);
  const { id } = await caseOf(person);
  expect((await caseOf(person)).language).toBe('ar');

  // What the web chat's language control sends.
  expect(textOf(await person.say('English'))).toMatch(/continue in English/);
  await feed.next((e) => e.type === 'case' && e.case.id === id && e.case.language === 'en' && e.case.position === 1);
  expect(textOf(await person.say('officer'))).toMatch(/already in the queue for an officer: number 1/);

  await noura.post(`/api/staff/handoffs/${id}/claim`);
  await eventually(() => channelTexts(person.id).some((t) => /Noura from Tawasul customer service has joined/.test(t)));
  await noura.post(`/api/staff/handoffs/${id}/end`);
  await eventually(() => channelTexts(person.id).some((t) => /from 1 \(poor\) to 5/.test(t)));
  expect(channelTexts(person.id).filter((t) => /[\u0600-\u06FF]/.test(t))).toEqual([]);
  expect(textOf(await person.say('4'))).toMatch(/add a comment/);
  feed.close();
});

test('connected, writing in Arabic: the message goes to the officer, and the end and the rating come in Arabic', async () => {
  const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  await person.say('human please');
  const { id } = await caseOf(person);
  await noura.post(`/api/staff/handoffs/${id}/claim`);
  expect(await person.say('جوازي ما وصل للحين')).toEqual([]);
  const detail = (await noura.call(`/api/staff/handoffs/${id}`)).body;
  expect(detail).toMatchObject({ language: 'ar', messages: [expect.objectContaining({ from: 'person', text: 'جوازي ما وصل للحين' })] });
  await noura.post(`/api/staff/handoffs/${id}/end`);
  await eventually(() => channelTexts(person.id).some((t) => /أنهى Noura المحادثة|أنهى .*Noura/.test(t)));
  await eventually(() => channelTexts(person.id).some((t) => /من 1/.test(t)));
});

test('connected, the language control’s word is for the bot: it answers in the new language and the officer does not get it', async () => {
  const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  await person.say('agent');
  const { id } = await caseOf(person);
  await noura.post(`/api/staff/handoffs/${id}/claim`);
  const replies = await person.say('عربي');
  expect(textOf(replies)).toMatch(/سأكمل معك باللغة العربية. ما زلت تتحدث مع/);
  expect((await noura.call(`/api/staff/handoffs/${id}`)).body).toMatchObject({ language: 'ar', messages: [] });
  // The person's "end" in Arabic is answered in Arabic.
  expect(textOf(await person.say('إنهاء'))).toMatch(/من 1/);
});

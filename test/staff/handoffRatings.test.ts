import { AgentAccounts } from '../../staff/agentAccounts';
import { Conversation } from '../support/conversation';
import { startRecordingServer } from '../support/recordingServer';
import { StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-ratings-tests';
const PASSWORD = 'correct horse battery';
let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
const signedIn: Record<string, StaffClient> = {};

beforeAll(async () => {
  channel = await startRecordingServer();
  const dataDir = temporaryDataDir();
  const accounts = await AgentAccounts.open(dataDir);
  await accounts.add('noura', 'نورة', PASSWORD);
  await accounts.add('fahad', 'Fahad', PASSWORD);
  await accounts.add('salma', 'Salma', PASSWORD, true);
  app = await startTestApp({ DATA_DIR: dataDir, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
  for (const name of ['noura', 'fahad', 'salma']) {
    signedIn[name] = new StaffClient(app.url);
    await signedIn[name].login(name, PASSWORD);
  }
  // Three conversations ended and rated: Noura 5 then 3, Fahad 4 without a comment.
  for (const [agent, rating, comment] of [['noura', '5', 'Very helpful'], ['fahad', '4', 'Skip'], ['noura', '3', 'Slow to answer']]) {
    const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
    await person.say('agent');
    const id = (await signedIn.salma.call('/api/staff/handoffs?status=waiting')).body.handoffs.find((h: any) => h.conversationId === person.id).id;
    await signedIn[agent].post(`/api/staff/handoffs/${id}/claim`);
    await signedIn[agent].post(`/api/staff/handoffs/${id}/end`);
    await person.say(rating);
    await person.say(comment);
  }
});
afterAll(async () => {
  await app.close();
  await channel.close();
});

test('a supervisor sees every officer’s ratings: count, average and the latest comments, newest first', async () => {
  const { body } = await signedIn.salma.call('/api/staff/handoffs/ratings');
  expect(body.agents).toEqual({
    noura: {
      displayName: 'نورة',
      count: 2,
      average: 4,
      recentComments: [expect.objectContaining({ rating: 3, comment: 'Slow to answer' }), expect.objectContaining({ rating: 5, comment: 'Very helpful' })],
    },
    fahad: { displayName: 'Fahad', count: 1, average: 4, recentComments: [] },
  });
  expect(Object.keys((await new StaffClient(app.url, TOKEN).call('/api/staff/handoffs/ratings')).body.agents).sort()).toEqual(['fahad', 'noura']);
});

test('an officer sees their own ratings only', async () => {
  expect(Object.keys((await signedIn.noura.call('/api/staff/handoffs/ratings')).body.agents)).toEqual(['noura']);
  expect((await signedIn.fahad.call('/api/staff/handoffs/ratings')).body.agents).toEqual({ fahad: expect.objectContaining({ count: 1 }) });
});

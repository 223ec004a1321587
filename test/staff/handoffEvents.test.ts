import { Conversation, textOf } from '../support/conversation';
import { startRecordingServer } from '../support/recordingServer';
import { eventually } from '../support/staffClient';
import { startTestApp, TestApp } from '../support/testApp';

let app: TestApp;
let hub: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  hub = await startRecordingServer();
  app = await startTestApp({ HANDOFF_MODE: 'event', STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
});
afterAll(async () => {
  await app.close();
  await hub.close();
});

test('HANDOFF_MODE=event: handoff.initiate with the transcript, then the hub’s handoff.status events', async () => {
  const conversation = new Conversation(app.url, { locale: 'en-US', serviceUrl: hub.url });
  await conversation.say('How long does a Tawasul request take?');
  expect(textOf(await conversation.say('human please'))).toMatch(/passed your conversation to an officer/);
  // This conversation's initiation: the other test's handoff reaches the same hub.
  const initiation = await eventually(() =>
    hub.received.find((r) => r.body?.type === 'event' && r.body.name === 'handoff.initiate' && r.url.includes(encodeURIComponent(conversation.id))),
  );
  const transcript = initiation.body.attachments.find((a: any) => a.name === 'Transcript');
  expect(transcript.content.activities.map((a: any) => a.text)).toContain('How long does a Tawasul request take?');
  // There is no queue: the staff API's queue stays empty.
  expect(await app.logLines.some((l) => l.includes('handoff initiated with the agent hub'))).toBe(true);

  const status = (state: string) => conversation.send({ type: 'event', name: 'handoff.status', value: { state } });
  expect(textOf(await status('accepted'))).toMatch(/joined/);
  // While the hub's agent has the conversation, the bot stays out of the way.
  expect(await conversation.say('my passport is stuck')).toEqual([]);
  expect(textOf(await status('completed'))).toMatch(/from 1 \(poor\) to 5/);
  expect(textOf(await conversation.say('4'))).toMatch(/comment/);
  expect(textOf(await conversation.say('Skip'))).toMatch(/Thank you for your feedback/);
});

test('a failed handoff says so and the bot carries on', async () => {
  const conversation = new Conversation(app.url, { locale: 'en-US', serviceUrl: hub.url });
  await conversation.say('agent');
  expect(textOf(await conversation.send({ type: 'event', name: 'handoff.status', value: { state: 'failed' } }))).toMatch(/could not reach an officer/);
  expect(textOf(await conversation.say('menu'))).toMatch(/How can I help/);
});

import crypto from 'node:crypto';
import path from 'node:path';
import { JournalTranscriptStore } from '../../bot/journalTranscriptStore';
import { postChannelMessage } from '../support/channelMessage';
import { startRecordingServer } from '../support/recordingServer';
import { startTestApp } from '../support/testApp';

/** A Web Chat message from a person whose channel writes no role, with replies posted to `serviceUrl`. */
const say = (appUrl: string, serviceUrl: string, conversationId: string, text: string) => postChannelMessage(appUrl, { serviceUrl, text, channelId: 'webchat', conversationId });

/** The lines staff would be shown, as the next process reads them from the app's data. */
async function transcriptOf(dataDir: string, conversationId: string): Promise<string[]> {
  const store = new JournalTranscriptStore(path.join(dataDir, 'transcripts'));
  try {
    return (await store.read(conversationId)).map((line) => `${line.from}: ${line.text}`);
  } finally {
    await store.close();
  }
}

test('the person’s message, then each reply as the channel received it; never the typing indicator', async () => {
  const channel = await startRecordingServer();
  const app = await startTestApp({ ALLOW_EMULATOR: true });
  const conversationId = `transcript-${crypto.randomUUID()}`;
  try {
    expect(await say(app.url, channel.url, conversationId, 'How do I track my request?')).toBe(200);
  } finally {
    await app.close();
    await channel.close();
  }
  const messages = channel.received.map((r) => r.body).filter((a) => a.type === 'message');
  expect(channel.received.some((r) => r.body.type === 'typing')).toBe(true);
  expect(messages.length).toBeGreaterThan(0);
  // Web Chat's rendering (the citations' reference links) is part of what was sent, and of the transcript.
  expect(messages.some((m) => /\n\[1\]: cite:1 /.test(m.text))).toBe(true);
  expect(await transcriptOf(app.dataDir, conversationId)).toEqual(['person: How do I track my request?', ...messages.map((m) => `bot: ${m.text}`)]);
});

test('a turn whose replies the channel refused leaves no line: the transcript never shows a reply the person did not get', async () => {
  const channel = await startRecordingServer((req) => (req.body?.type === 'message' ? { status: 500 } : { status: 200, body: { id: 'ok' } }));
  const app = await startTestApp({ ALLOW_EMULATOR: true });
  const conversationId = `transcript-${crypto.randomUUID()}`;
  try {
    await say(app.url, channel.url, conversationId, 'How do I track my request?');
  } finally {
    await app.close();
    await channel.close();
  }
  expect(channel.received.some((r) => r.body?.type === 'message')).toBe(true);
  expect(await transcriptOf(app.dataDir, conversationId)).toEqual([]);
});

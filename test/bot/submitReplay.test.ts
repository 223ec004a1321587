import fs from 'node:fs';
import path from 'node:path';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Conversation, textOf } from '../support/conversation';
import { fillRequestForm } from '../support/submitThrough';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

const numberIn = (text: string) => /TW-\d{4}-\d{6,}/.exec(text)?.[0];
const outbox = (dataDir: string) => fs.readFileSync(path.join(dataDir, 'outbox', 'sms.jsonl'), 'utf8').trim().split('\n');
const stored = async (dataDir: string) => (await LowdbRequestStore.open(path.join(dataDir, 'requests'))).list({ limit: 100 });

describe('a confirm replayed after a crash', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('the request stored before the crash is given again: one request, one SMS', async () => {
    const dataDir = temporaryDataDir();
    app = await startTestApp({ DATA_DIR: dataDir });
    const conversation = new Conversation(app.url, { locale: 'en-US' });
    await fillRequestForm(conversation, 301);
    // The state as it was on disk at the summary, before the confirm turn wrote anything.
    const stateDir = path.join(dataDir, 'state');
    const atSummary = path.join(temporaryDataDir(), 'state');
    fs.cpSync(stateDir, atSummary, { recursive: true });

    const number = numberIn(textOf(await conversation.say('Confirm and submit')));
    expect(number).toBeDefined();
    await app.close();

    // The process was killed after storing and texting, before the turn's state was saved: the
    // conversation is still at the summary, and the person presses "confirm" again.
    fs.rmSync(stateDir, { recursive: true, force: true });
    fs.cpSync(atSummary, stateDir, { recursive: true });
    app = await startTestApp({ DATA_DIR: dataDir });
    const resumed = new Conversation(app.url, { locale: 'en-US', conversation: { id: conversation.id } }, conversation.user.id);
    const again = textOf(await resumed.say('Confirm and submit'));
    expect(again).toMatch(/Request number/);
    expect(numberIn(again)).toBe(number);

    const { total, requests } = await stored(dataDir);
    expect(total).toBe(1);
    expect(requests[0].number).toBe(number);
    expect(outbox(dataDir)).toHaveLength(1);
  });

  test('"Confirm and submit" pressed twice at the same moment stores one request', async () => {
    const dataDir = temporaryDataDir();
    app = await startTestApp({ DATA_DIR: dataDir });
    const conversation = new Conversation(app.url, { locale: 'en-US' });
    await fillRequestForm(conversation, 302);
    const replies = await Promise.allSettled([conversation.say('Confirm and submit'), conversation.say('Confirm and submit')]);
    const numbers = replies.flatMap((r) => (r.status === 'fulfilled' ? [numberIn(textOf(r.value))] : [])).filter(Boolean);
    expect(numbers.length).toBeGreaterThanOrEqual(1);
    expect(new Set(numbers).size).toBe(1);
    expect((await stored(dataDir)).total).toBe(1);
    expect(outbox(dataDir)).toHaveLength(1);
  });
});

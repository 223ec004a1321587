import { Conversation, textOf } from '../support/conversation';
import { DirectLineClient } from '../support/directLineClient';
import { bestOfAttempts } from '../support/responsiveness';
import { startTestApp, TestApp } from '../support/testApp';

/**
 * The findings of the security test, each replayed against the real server. "Responsive" is the
 * one timing assertion: /healthz probes sent while the attack is in flight answer within 100 ms.
 */
const RESPONSIVE_MS = 100;
const probed = <T>(attack: (attempt: number) => Promise<T>) => bestOfAttempts(app.url, attack, RESPONSIVE_MS);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const postActivity = (body: unknown) =>
  fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const activity = (extra: Record<string, unknown>) => ({
  type: 'message',
  channelId: 'test',
  conversation: { id: `attack-${Math.random()}` },
  from: { id: 'attacker' },
  recipient: { id: 'tawasul-bot' },
  deliveryMode: 'expectReplies',
  ...extra,
});

describe('log masking is linear', () => {
  test('a 15,500-digit path is refused (404) and logged masked and cut, with the server responsive', async () => {
    const digits = '1'.repeat(15_500);
    const { result, medianMs } = await probed(async () => (await fetch(`${app.url}/${digits}`)).status);
    expect(result).toBe(404);
    expect(medianMs).toBeLessThan(RESPONSIVE_MS);
    const refused = app.logLines.filter((line) => line.includes('request refused') && line.includes('1*****'));
    expect(refused.length).toBeGreaterThan(0);
    for (const line of refused) {
      expect(line).not.toContain('1111111111');
      // Each field is cut to about 2,000 characters before it is masked.
      for (const value of Object.values(JSON.parse(line) as Record<string, unknown>)) expect(String(value).length).toBeLessThan(2100);
    }
  });

  test('a 20,000-digit Arabic-Indic user id is refused at the edge, with the server responsive', async () => {
    const id = '٣'.repeat(20_000);
    const { result, medianMs } = await probed(async () => {
      await postActivity(activity({ from: { id }, text: 'متابعة طلب' }));
      return (await postActivity(activity({ from: { id }, text: '1234567890' }))).status;
    });
    expect(result).toBe(400);
    expect(medianMs).toBeLessThan(RESPONSIVE_MS);
  });

  test('a long Arabic-Indic user id the edge lets through is logged masked', async () => {
    const id = '٣'.repeat(1000);
    const conversation = new Conversation(app.url, {}, id);
    await conversation.say('متابعة طلب');
    await conversation.say('TW-2026-999999');
    const lines = app.logLines.filter((line) => line.includes('٣٣٣'));
    expect(lines).toEqual([]);
  });
});

describe('unbounded text', () => {
  const vowelless = (length: number) => 'bcdfghjklmnpqrstvwxz'.repeat(Math.ceil(length / 20)).slice(0, length);

  test('text past 4,000 characters is a 400 at the edge, with a clear JSON error', async () => {
    const response = await postActivity(activity({ text: `${vowelless(50_000)}?` }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid activity', details: [expect.stringMatching(/^text: /)] });
  });

  test('a locale that is not a short string is a 400', async () => {
    expect((await postActivity(activity({ text: 'hi', locale: 'x'.repeat(5000) }))).status).toBe(400);
  });

  test('mid-form, a 3,999-character question is refused politely in the person\'s language and the form goes on, the server responsive', async () => {
    const conversation = new Conversation(app.url);
    expect(textOf(await conversation.say('متابعة طلب'))).toMatch(/البحث عن طلبك/);
    const { result, medianMs } = await probed(() => conversation.say(`${vowelless(3_998)}?`));
    expect(medianMs).toBeLessThan(RESPONSIVE_MS);
    expect(textOf(result)).toMatch(/too long[\s\S]*1000[\s\S]*find your request/i);
  });

  test('mid-form, an Arabic 1,001-character question is refused in Arabic', async () => {
    const conversation = new Conversation(app.url);
    await conversation.say('متابعة طلب');
    expect(textOf(await conversation.say(`${'ب'.repeat(1000)}؟`))).toMatch(/طويلة جداً[\s\S]*البحث عن طلبك/);
  });

  test('a question of 1,000 characters of random words answers quickly, the server responsive', async () => {
    let seed = 7;
    const letter = () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26));
    const randomQuestion = () => {
      const words: string[] = [];
      while (words.join(' ').length < 990) words.push(Array.from({ length: 6 }, letter).join(''));
      return `${words.join(' ').slice(0, 998)}?`;
    };
    // The first question a process ranks pays for compiling the ranking code; the attack is every question after.
    await new Conversation(app.url).say(randomQuestion());
    // A new question each attempt: one asked before is answered from the cache.
    const { result, medianMs } = await probed(() => new Conversation(app.url).say(randomQuestion()));
    expect(medianMs).toBeLessThan(RESPONSIVE_MS);
    expect(result.length).toBeGreaterThan(0);
  });
});

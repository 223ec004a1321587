import { Conversation } from '../support/conversation';
import { startRecordingServer } from '../support/recordingServer';
import { submitThrough } from '../support/submitThrough';
import { StaffClient } from '../support/staffClient';
import { startTestApp, TestApp } from '../support/testApp';

const TOKEN = 'staff-token-for-paging-tests';
let app: TestApp;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;
let staff: StaffClient;

beforeAll(async () => {
  channel = await startRecordingServer();
  app = await startTestApp({ STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ALLOW_EMULATOR: true });
  staff = new StaffClient(app.url, TOKEN);
});
afterAll(async () => {
  await app.close();
  await channel.close();
});

/** Every page of a list, following `next` (or `transcriptCursor`) until there is none. */
async function allPages(first: string, field: string, cursorField = 'next'): Promise<{ pages: any[][]; items: any[] }> {
  const pages: any[][] = [];
  let url = first;
  for (;;) {
    const page = await staff.call(url);
    expect(page.status).toBe(200);
    pages.push(page.body[field]);
    if (!page.body[cursorField]) break;
    url = `${first}&cursor=${encodeURIComponent(page.body[cursorField])}`;
    if (pages.length > 20) throw new Error('paging does not end');
  }
  return { pages, items: pages.flat() };
}

test('the queue a page at a time, in working order: the waiting in queue order, then in progress, then finished; a case taken between pages is not lost', async () => {
  const people = Array.from({ length: 7 }, () => new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url }));
  for (const person of people) await person.say('agent');
  const { handoffs: every } = (await staff.call('/api/staff/handoffs?limit=200')).body;
  const idOf = (person: Conversation) => every.find((h: any) => h.conversationId === person.id).id;
  // The second in the queue is taken, the seventh leaves.
  await staff.post(`/api/staff/handoffs/${idOf(people[1])}/claim`, { agent: 'noura' });
  await people[6].say('cancel');

  const first = await staff.call('/api/staff/handoffs?limit=3');
  expect(first.body.handoffs.map((h: any) => h.conversationId)).toEqual([people[0].id, people[2].id, people[3].id]);
  expect(first.body.handoffs.map((h: any) => h.position)).toEqual([1, 2, 3]);
  // Meanwhile the first in the queue is taken: the next page still starts after the third.
  await staff.post(`/api/staff/handoffs/${idOf(people[0])}/claim`, { agent: 'fahad' });
  const second = await staff.call(`/api/staff/handoffs?limit=3&cursor=${encodeURIComponent(first.body.next)}`);
  // In progress, in queue order: the first (taken just now) before the second.
  expect(second.body.handoffs.map((h: any) => [h.conversationId, h.status])).toEqual([
    [people[4].id, 'waiting'],
    [people[5].id, 'waiting'],
    [people[0].id, 'assigned'],
  ]);
  const third = await staff.call(`/api/staff/handoffs?limit=3&cursor=${encodeURIComponent(second.body.next)}`);
  expect(third.body.handoffs.map((h: any) => [h.conversationId, h.status])).toEqual([
    [people[1].id, 'assigned'],
    [people[6].id, 'abandoned'],
  ]);
  expect(third.body.next).toBeUndefined();

  const waiting = await allPages('/api/staff/handoffs?limit=2&status=waiting', 'handoffs');
  expect(waiting.items.map((h: any) => h.conversationId)).toEqual([people[2].id, people[3].id, people[4].id, people[5].id]);
  expect(waiting.pages.map((p) => p.length)).toEqual([2, 2]);
});

test('a long conversation comes from its end, earlier lines on request, each line once', async () => {
  const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  for (let i = 1; i <= 6; i++) await person.say(`question number ${i} about passports`);
  await person.say('agent');
  const id = (await staff.call('/api/staff/handoffs?limit=200')).body.handoffs.find((h: any) => h.conversationId === person.id).id;
  const whole = (await staff.call(`/api/staff/handoffs/${id}?limit=500`)).body;
  expect(whole.transcriptCursor).toBeUndefined();
  const latest = (await staff.call(`/api/staff/handoffs/${id}?limit=4`)).body;
  expect(latest.transcript).toEqual(whole.transcript.slice(-4));
  expect(latest.transcriptCursor).toEqual(expect.any(String));
  const pages = await allPages(`/api/staff/handoffs/${id}?limit=4`, 'transcript', 'transcriptCursor');
  expect(pages.pages.reverse().flat()).toEqual(whole.transcript);
  expect(whole.transcript.filter((l: any) => l.from === 'person').map((l: any) => l.text)).toEqual([...[1, 2, 3, 4, 5, 6].map((i) => `question number ${i} about passports`), 'agent']);
});

test('requests a page at a time with limit and cursor', async () => {
  const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  const numbers = [await submitThrough(person, 901), await submitThrough(person, 902), await submitThrough(person, 903)];
  const pages = await allPages('/api/staff/requests?limit=2', 'requests');
  expect(pages.pages.map((p) => p.length)).toEqual([2, 1]);
  expect(pages.items.map((r: any) => r.number).sort()).toEqual([...numbers].sort());
});

test.each([
  ['/api/staff/handoffs?limit=0', /^limit must be a whole number from 1 to 200$/],
  ['/api/staff/handoffs?limit=201', /^limit must be a whole number from 1 to 200$/],
  ['/api/staff/handoffs?limit=ten', /^limit must be a whole number from 1 to 200$/],
  ['/api/staff/handoffs?limit=2.5', /^limit must be a whole number from 1 to 200$/],
  ['/api/staff/handoffs?cursor=not-a-cursor', /^cursor is not one this API gave/],
  ['/api/staff/handoffs?cursor=%3Cscript%3E', /^cursor is not one this API gave/],
  ['/api/staff/handoffs?status=done', /^status must be one or more of waiting, assigned, resolved, abandoned, expired/],
  ['/api/staff/requests?limit=501', /^limit must be a whole number from 1 to 500$/],
  ['/api/staff/requests?cursor=bm90IGFuIG9mZnNldA', /^cursor is not one this API gave/],
])('%s is refused with 400 and a clear message', async (url, message) => {
  const answer = await staff.call(url);
  expect(answer.status).toBe(400);
  expect(answer.body.error).toMatch(message);
  expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts|node_modules|\/work\//);
});

test('a bad transcript cursor or limit is refused with 400', async () => {
  const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  await person.say('agent');
  const id = (await staff.call('/api/staff/handoffs?limit=200')).body.handoffs.find((h: any) => h.conversationId === person.id).id;
  expect((await staff.call(`/api/staff/handoffs/${id}?limit=501`)).body.error).toBe('limit must be a whole number from 1 to 500');
  expect((await staff.call(`/api/staff/handoffs/${id}?cursor=zz!`)).status).toBe(400);
});

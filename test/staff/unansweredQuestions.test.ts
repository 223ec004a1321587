import { UnansweredList } from '../../staff/unansweredApi';
import { Conversation, textOf } from '../support/conversation';
import { citizenId, mobile } from '../support/saudiIds';
import { StaffClient } from '../support/staffClient';
import { startTestApp, TestApp } from '../support/testApp';

// What the content editors read in the console: the questions people asked that the bot declined,
// grouped by wording, masked, through the staff API of the running service.
const TOKEN = 'staff-token-for-unanswered-0123456789';
const ID = citizenId(4242);
const MOBILE = mobile(77).local;
const OTHER_MOBILE = mobile(78).local;
let app: TestApp;
let staff: StaffClient;

beforeAll(async () => {
  app = await startTestApp({ STAFF_TOKEN: TOKEN });
  staff = new StaffClient(app.url, TOKEN);
});
afterAll(() => app.close());

const ask = async (question: string, locale = 'ar-SA') => textOf(await new Conversation(app.url, { locale }).say(question));

test('questions the bot declined are listed in groups of similar wording, most asked first, with no ID or phone number in them', async () => {
  await ask(`ما هو رقم فاكس الجوازات؟ جوالي ${MOBILE}`);
  await ask(`رقم فاكس الجوازات ما هو؟ جوالي ${OTHER_MOBILE}`);
  await ask('ما هو رقم فاكس الجوازات؟ جوالي');
  await ask(`what is the fax number of the passports office? my ID is ${ID}`, 'en-US');
  // Answered from the documents: not listed.
  await ask('كم ياخذ الرد على طلبي؟');

  const { status, body } = await staff.call('/api/staff/unanswered');
  expect(status).toBe(200);
  const list = UnansweredList.parse(body);
  expect(list.limit).toBe(50);
  const fax = list.groups[0];
  expect(fax).toMatchObject({ count: 3, languages: ['ar'], outcomes: { declined: 3, clarified: 0, 'low-confidence': 0 } });
  expect(fax.example).toBe('ما هو رقم فاكس الجوازات؟ جوالي');
  expect(list.groups.some((g) => g.languages.includes('en') && /fax number/.test(g.example))).toBe(true);
  expect(list.groups.some((g) => /ياخذ الرد/.test(g.example))).toBe(false);
  expect(list.questions).toBe(list.groups.reduce((sum, g) => sum + g.count, 0));
  const raw = JSON.stringify(body);
  for (const personal of [ID, MOBILE, OTHER_MOBILE, MOBILE.slice(1), ID.slice(0, 5)]) expect(raw).not.toContain(personal);
  for (const group of list.groups) expect(`${group.example} ${group.key}`).not.toMatch(/\d/);

  const first = UnansweredList.parse((await staff.call('/api/staff/unanswered?limit=1')).body);
  expect(first.groups).toEqual([fax]);
  expect(first.groupCount).toBe(list.groupCount);
});

test('without credentials the list is refused with 401; a wrong token too', async () => {
  const anonymous = await new StaffClient(app.url).call('/api/staff/unanswered');
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect((await new StaffClient(app.url, 'not-the-token').call('/api/staff/unanswered')).status).toBe(401);
});

test.each(['0', '101', 'ten', '2.5', ''])('limit=%s is refused with 400, saying what limit may be', async (limit) => {
  const { status, body } = await staff.call(`/api/staff/unanswered?limit=${limit}`);
  expect(status).toBe(400);
  expect(body.error).toBe('limit must be a whole number from 1 to 100');
});

test('with no staff configured the list does not exist', async () => {
  const other = await startTestApp();
  try {
    expect((await fetch(`${other.url}/api/staff/unanswered`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  } finally {
    await other.close();
  }
});

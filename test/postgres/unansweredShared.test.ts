import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { migrate } from '../../postgres/migrate';
import { PostgresUnansweredQuestions } from '../../postgres/postgresUnansweredQuestions';
import { createLogger } from '../../platform/logger';
import { UnansweredList } from '../../staff/unansweredApi';
import { Conversation } from '../support/conversation';
import { testDatabase, TestDatabase } from '../support/postgres';
import { mobile } from '../support/saudiIds';
import { StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

// Two instances on one database, each with its own DATA_DIR: the questions either one could not
// answer are one list, whichever instance the console asks.
const TOKEN = 'staff-token-for-unanswered-shared-0123';
const ROOT = path.join(__dirname, '..', '..');
let db: TestDatabase;
let apps: TestApp[];

beforeAll(async () => {
  db = await testDatabase();
  const settings = { DATABASE_URL: db.url, STAFF_TOKEN: TOKEN } as const;
  apps = await Promise.all([startTestApp(settings), startTestApp(settings)]);
}, 120_000);
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await db.drop();
});

const listOn = async (app: TestApp, query = '') => UnansweredList.parse((await new StaffClient(app.url, TOKEN).call(`/api/staff/unanswered${query}`)).body);

test('a question declined on each instance is one group of two, read alike on both, masked', async () => {
  const [a, b] = apps;
  await new Conversation(a.url, { locale: 'ar-SA' }).say(`ما هو رقم فاكس الجوازات؟ جوالي ${mobile(11).local}`);
  await new Conversation(b.url, { locale: 'ar-SA' }).say(`رقم فاكس الجوازات ما هو؟ جوالي ${mobile(12).local}`);
  await new Conversation(b.url, { locale: 'en-US' }).say('what is the fax number of the passports office');

  const onA = await listOn(a);
  const onB = await listOn(b);
  expect(onB).toEqual(onA);
  expect(onA).toMatchObject({ questions: 3, groupCount: 2, limit: 50 });
  expect(onA.groups[0]).toMatchObject({ key: 'جواز جوال رقم فاكس', count: 2, languages: ['ar'], outcomes: { declined: 2, clarified: 0, 'low-confidence': 0 } });
  expect(onA.groups[0].example).toMatch(/^(ما هو رقم فاكس الجوازات؟|رقم فاكس الجوازات ما هو؟) جوالي$/);
  expect(onA.groups[1]).toMatchObject({ count: 1, languages: ['en'], example: 'what is the fax number of the passports office' });
  for (const n of [11, 12]) expect(JSON.stringify(onA)).not.toContain(mobile(n).local.slice(1));
  expect((await listOn(a, '?limit=1')).groups).toEqual([onA.groups[0]]);
});

test('npm run kb:unanswered prints the database’s list when DATABASE_URL is set', async () => {
  const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/unansweredQuestions.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: temporaryDataDir() },
  });
  expect(stdout).toMatch(/3 questions in 2 groups of similar wording \(the database\)/);
  expect(stdout).toMatch(/\n\s+2\s+ar\s+2\/0\/0\s+\d{4}-\d\d-\d\d\s+(ما هو رقم فاكس الجوازات؟|رقم فاكس الجوازات ما هو؟) جوالي\n/);
}, 60_000);

test('the table is bounded: questions older than the days kept, and all but the latest rows, are swept', async () => {
  const own = await testDatabase();
  const pool = new Pool({ connectionString: own.url });
  try {
    await migrate(pool);
    let clock = new Date('2026-03-01T09:00:00Z');
    const kept = new PostgresUnansweredQuestions(pool, createLogger('error', () => undefined), () => clock, { keepDays: 30, maxRows: 3 });
    kept.record('tawasul fax number', 'en', 'declined', 0);
    clock = new Date('2026-03-20T09:00:00Z');
    for (const question of ['passport office hours', 'passport office address', 'passport office email']) kept.record(question, 'en', 'declined', 0);
    expect((await kept.grouped(10)).questions).toBe(4);
    // All but the latest three go, then 31 days on, the older ones too.
    expect(await kept.sweep()).toBe(1);
    expect((await kept.grouped(10)).groups.map((g) => g.example).sort()).toEqual(['passport office address', 'passport office email', 'passport office hours']);
    clock = new Date('2026-04-21T09:00:00Z');
    kept.record('passport office phone', 'en', 'low-confidence', 0.3);
    expect(await kept.sweep()).toBe(3);
    expect(await kept.grouped(10)).toMatchObject({ questions: 1, groups: [{ example: 'passport office phone', outcomes: { 'low-confidence': 1 } }] });
    await kept.close();
  } finally {
    await pool.end();
    await own.drop();
  }
});

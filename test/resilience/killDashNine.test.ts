import path from 'node:path';
import { Pool } from 'pg';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { Request } from '../../requests/requestSchemas';
import { Conversation, textOf } from '../support/conversation';
import { play } from '../support/formScript';
import { testDatabase, TestDatabase } from '../support/postgres';
import { citizenId, mobile } from '../support/saudiIds';
import { spawnService, ServiceProcess } from '../support/serviceProcess';
import { fillRequestForm } from '../support/submitThrough';
import { temporaryDataDir } from '../support/testApp';

// The service in a real process, killed with SIGKILL (no shutdown, no flush) while a form is half
// filled and a burst of submissions is in flight, then started again on the same data: the form goes
// on at its step, and every request a person was given a number for is stored, intact, once.

const PEOPLE = 24;
const FIRST = 700;

interface Backend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  env(): Record<string, string>;
  /** Every stored request, read from the data the killed process left. */
  stored(): Promise<Request[]>;
}

let dataDir: string;
let db: TestDatabase | undefined;
const backends: Backend[] = [
  {
    name: 'lowdb',
    setUp: async () => {
      dataDir = temporaryDataDir();
    },
    tearDown: async () => undefined,
    env: () => ({ DATA_DIR: dataDir }),
    stored: async () => (await (await LowdbRequestStore.open(path.join(dataDir, 'requests'))).list({ limit: 10_000 })).requests,
  },
  {
    name: 'postgres',
    setUp: async () => {
      dataDir = temporaryDataDir();
      db = await testDatabase();
    },
    tearDown: async () => db?.drop(),
    env: () => ({ DATA_DIR: dataDir, DATABASE_URL: db!.url }),
    stored: async () => {
      const pool = new Pool({ connectionString: db!.url });
      try {
        return (await pool.query<{ body: Request }>('SELECT body FROM requests')).rows.map((r) => r.body);
      } finally {
        await pool.end();
      }
    },
  },
];

describe.each(backends)('kill -9: $name', (backend) => {
  const running: ServiceProcess[] = [];
  beforeAll(() => backend.setUp());
  afterAll(async () => {
    for (const service of running) service.child.kill('SIGKILL');
    await backend.tearDown();
  });
  const start = () => {
    const service = spawnService(backend.env());
    running.push(service);
    return service;
  };

  test('a form half filled resumes at its step; every request acknowledged before the kill is there, intact, once', async () => {
    const first = start();
    const url = await first.listening;

    // One person stops half-way through the form, at the ID question.
    const halfway = new Conversation(url, { locale: 'en-US' });
    await play(halfway, [
      ['I want to submit a request about my passport', /yourself/],
      ['yes', /Who/],
      ['Citizen (Absher)', /describe/],
      ['My passport renewal has been pending for three weeks now.', /Send them/],
      ['No attachments', /national ID/],
    ]);

    // A burst: everyone confirms at once, and the process is killed as soon as the first is answered.
    const people = Array.from({ length: PEOPLE }, (_, i) => ({ n: FIRST + i, conversation: new Conversation(url, { locale: 'en-US' }) }));
    await Promise.all(people.map(({ n, conversation }) => fillRequestForm(conversation, n)));
    const acknowledged = new Map<number, string>();
    let killed!: () => void;
    const firstAnswer = new Promise<void>((resolve) => (killed = resolve));
    const confirms = people.map(async ({ n, conversation }) => {
      const text = textOf(await conversation.say('Confirm and submit'));
      const number = /TW-\d{4}-\d{6,}/.exec(text)?.[0];
      if (number) acknowledged.set(n, number);
      killed();
    });
    await firstAnswer;
    first.child.kill('SIGKILL');
    await Promise.allSettled(confirms);
    await first.exited;
    const told = new Map(acknowledged);
    expect(told.size).toBeGreaterThan(0);

    // Started again on the same data (for lowdb, taking over the dead process's lock).
    const second = start();
    const again = await second.listening;
    const resumed = new Conversation(again, { locale: 'en-US', conversation: { id: halfway.id } }, halfway.user.id);
    await play(resumed, [
      [citizenId(77), /mobile/],
      [mobile(77).local, /email/],
    ]);

    const stored = await backend.stored();
    for (const [n, number] of told) {
      const mine = stored.filter((r) => r.nationalId === citizenId(n));
      expect(mine.map((r) => r.number)).toEqual([number]);
      expect(mine[0]).toMatchObject({ mobile: mobile(n).e164, email: `person${n}@example.com`, status: 'received' });
    }
    // Nobody, told or not (their answer was cut off), is stored twice.
    for (const { n } of people) expect(stored.filter((r) => r.nationalId === citizenId(n)).length).toBeLessThanOrEqual(1);
    expect(new Set(stored.map((r) => r.number)).size).toBe(stored.length);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240_000);
});

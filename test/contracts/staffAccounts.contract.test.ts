import { PostgresAgentRecords } from '../../postgres/postgresAgentRecords';
import { PostgresSessionStore } from '../../postgres/postgresSessionStore';
import { AgentAccounts, AgentRecordStore, FileAgentRecords } from '../../staff/agentAccounts';
import { MemorySessionStore, SessionStore } from '../../staff/staffSessions';
import { PostgresBackend } from '../support/storeBackends';
import { temporaryDataDir } from '../support/testApp';

/** Staff accounts and sessions, and `another`: a second instance of the service on the same data. */
interface StaffBackend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(): Promise<{ records: () => Promise<AgentRecordStore>; sessions: SessionStore; anotherSessions: SessionStore }>;
}

const pg = new PostgresBackend();
const backends: StaffBackend[] = [
  {
    name: 'files and memory',
    setUp: async () => undefined,
    tearDown: async () => undefined,
    fresh: async () => {
      const dir = temporaryDataDir();
      // Sessions in memory belong to one process: "another instance" is the same one.
      const sessions = new MemorySessionStore();
      return { records: () => FileAgentRecords.open(dir), sessions, anotherSessions: sessions };
    },
  },
  {
    name: 'postgres',
    setUp: () => pg.setUp(),
    tearDown: () => pg.tearDown(),
    fresh: async () => {
      await pg.empty();
      return { records: async () => new PostgresAgentRecords(pg.pool()), sessions: new PostgresSessionStore(pg.pool()), anotherSessions: new PostgresSessionStore(pg.pool()) };
    },
  },
];

const PASSWORD = 'a password of some length';
const HOUR = 60 * 60 * 1000;

describe.each(backends)('staff accounts and sessions contract: $name', (backend) => {
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  test('an agent added (by the command, or another instance) after the service opened its accounts can sign in there', async () => {
    const { records } = await backend.fresh();
    const running = await AgentAccounts.on(await records());
    expect(running.count).toBe(0);
    await (await AgentAccounts.on(await records())).add('noura', 'نورة العتيبي', PASSWORD, true);
    expect(await running.verify('noura', PASSWORD)).toEqual({ username: 'noura', displayName: 'نورة العتيبي', supervisor: true });
    expect(running.count).toBe(1);
    expect(running.find('noura')?.displayName).toBe('نورة العتيبي');
    expect(await running.verify('noura', 'not the password')).toBeUndefined();
    expect(await running.verify('nobody', PASSWORD)).toBeUndefined();
  });

  test('adding an agent again replaces name, role and password; the password is never kept as given', async () => {
    const { records } = await backend.fresh();
    const accounts = await AgentAccounts.on(await records());
    await accounts.add('fahad', 'Fahad', PASSWORD, true);
    await accounts.add('fahad', 'Fahad A.', 'another long password');
    const reopened = await AgentAccounts.on(await records());
    expect(reopened.count).toBe(1);
    expect(await reopened.verify('fahad', PASSWORD)).toBeUndefined();
    expect(await reopened.verify('fahad', 'another long password')).toEqual({ username: 'fahad', displayName: 'Fahad A.', supervisor: false });
    expect(JSON.stringify(await (await records()).all())).not.toContain('another long password');
  });

  test('a session started on one instance is found on the other until it expires or is ended', async () => {
    const { sessions, anotherSessions } = await backend.fresh();
    const now = Date.now();
    const agent = { username: 'noura', displayName: 'نورة', supervisor: false };
    await sessions.save('hash-1', { agent, expires: now + 8 * HOUR });
    await sessions.save('hash-2', { agent, expires: now + 8 * HOUR });
    expect(await anotherSessions.load('hash-1', now)).toEqual({ agent, expires: now + 8 * HOUR });
    expect(await anotherSessions.load('hash-1', now + 9 * HOUR)).toBeUndefined();
    await anotherSessions.remove('hash-2');
    expect(await sessions.load('hash-2', now)).toBeUndefined();
    expect(await sessions.load('never-started', now)).toBeUndefined();
  });
});

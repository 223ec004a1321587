import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { PostgresAgentRecords } from '../../postgres/postgresAgentRecords';
import { AgentAccounts } from '../../staff/agentAccounts';
import { testDatabase } from '../support/postgres';
import { temporaryDataDir } from '../support/testApp';

jest.setTimeout(90_000);

test('npm run staff:add-agent stores a scrypt hash, readable by the owner only', async () => {
  const dataDir = temporaryDataDir();
  const root = path.join(__dirname, '..', '..');
  const output = execFileSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'cli', 'addAgent.ts'), 'sara', 'سارة', 'supervisor'], {
    env: { ...process.env, DATA_DIR: dataDir, STAFF_AGENT_PASSWORD: 'a password of some length' },
    encoding: 'utf8',
  });
  expect(output).toMatch(/agent sara \(سارة, supervisor\) saved/);
  const file = path.join(dataDir, 'staff', 'agents.json');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const stored = fs.readFileSync(file, 'utf8');
  expect(stored).not.toContain('a password of some length');
  expect(stored).toMatch(/"password": "scrypt\$32768\$8\$1\$/);
  const accounts = await AgentAccounts.open(dataDir);
  expect(await accounts.verify('sara', 'a password of some length')).toEqual({ username: 'sara', displayName: 'سارة', supervisor: true });
  expect(await accounts.verify('sara', 'a password of some lengtH')).toBeUndefined();
  expect(await accounts.verify('nobody', 'a password of some length')).toBeUndefined();
});

test('with DATABASE_URL the account goes to the database (migrated first), where every instance finds it', async () => {
  const db = await testDatabase();
  const root = path.join(__dirname, '..', '..');
  try {
    const output = execFileSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'cli', 'addAgent.ts'), 'omar', 'عمر'], {
      env: { ...process.env, DATA_DIR: temporaryDataDir(), DATABASE_URL: db.url, STAFF_AGENT_PASSWORD: 'a password of some length' },
      encoding: 'utf8',
    });
    expect(output).toMatch(/agent omar \(عمر\) saved in the database/);
    const pool = new Pool({ connectionString: db.url });
    try {
      const accounts = await AgentAccounts.on(new PostgresAgentRecords(pool));
      expect(await accounts.verify('omar', 'a password of some length')).toEqual({ username: 'omar', displayName: 'عمر', supervisor: false });
    } finally {
      await pool.end();
    }
  } finally {
    await db.drop();
  }
});

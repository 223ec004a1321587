import { Pool } from 'pg';
import { migrate, readMigrations } from '../../postgres/migrate';
import { testDatabase, TestDatabase } from '../support/postgres';

let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(() => db.drop());

test('the migrations are numbered apart and in order', async () => {
  const migrations = await readMigrations();
  expect(migrations[0].name).toBe('001_init.sql');
  expect(new Set(migrations.map((m) => m.version)).size).toBe(migrations.length);
});

test('instances starting together apply each migration once; a later start applies nothing', async () => {
  const pools = [0, 1, 2, 3].map(() => new Pool({ connectionString: db.url, max: 2 }));
  try {
    const results = await Promise.all(pools.map((pool) => migrate(pool)));
    const all = (await readMigrations()).map((m) => m.name);
    expect(results.flat().sort()).toEqual(all.sort());
    expect(await migrate(pools[0])).toEqual([]);
    const { rows } = await pools[0].query('SELECT name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.name)).toEqual(all);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
});

test('a migration that fails leaves nothing of itself and names itself', async () => {
  const other = await testDatabase();
  const pool = new Pool({ connectionString: other.url });
  try {
    const bad = [{ version: 1, name: '001_bad.sql', sql: 'CREATE TABLE half (x int); SELECT no_such_function();' }];
    await expect(migrate(pool, bad)).rejects.toThrow(/001_bad\.sql/);
    const { rows } = await pool.query("SELECT to_regclass('half') AS half, (SELECT count(*) FROM schema_migrations)::int AS n");
    expect(rows[0]).toEqual({ half: null, n: 0 });
  } finally {
    await pool.end();
    await other.drop();
  }
});

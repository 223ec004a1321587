import { Client } from 'pg';
import { testDatabase } from '../support/postgres';

test('each suite gets a database of its own on the run’s PostgreSQL server', async () => {
  const [a, b] = await Promise.all([testDatabase(), testDatabase()]);
  try {
    expect(a.name).not.toBe(b.name);
    const client = new Client({ connectionString: a.url });
    await client.connect();
    const { rows } = await client.query('select current_database() as name');
    await client.end();
    expect(rows[0].name).toBe(a.name);
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
});

import crypto from 'node:crypto';
import type { Pool } from 'pg';

/**
 * A secret every instance on the database holds the same (table shared_secrets): the first instance
 * to ask creates it with 32 random bytes, the others read that one (INSERT … ON CONFLICT DO NOTHING
 * settles instances starting together). Never logged.
 */
export async function sharedSecret(pool: Pool, name: string): Promise<Buffer> {
  await pool.query('INSERT INTO shared_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, crypto.randomBytes(32)]);
  const { rows } = await pool.query<{ secret: Buffer }>('SELECT secret FROM shared_secrets WHERE name = $1', [name]);
  return rows[0].secret;
}

import type { Pool } from 'pg';
import type { SessionStore, StaffSession } from '../staff/staffSessions';

/**
 * Staff sessions in PostgreSQL (table staff_sessions, by the token's hash): signed in on one
 * instance is signed in on every one, and signing out on one ends it on all. Expired rows are
 * deleted whenever a session starts.
 */
export class PostgresSessionStore implements SessionStore {
  constructor(private readonly pool: Pool) {}

  async save(tokenHash: string, session: StaffSession): Promise<void> {
    await this.pool.query(
      `WITH expired AS (DELETE FROM staff_sessions WHERE expires_at < now())
       INSERT INTO staff_sessions (token_hash, agent, expires_at) VALUES ($1, $2::jsonb, $3)`,
      [tokenHash, JSON.stringify(session.agent), new Date(session.expires)],
    );
  }

  async load(tokenHash: string, now: number): Promise<StaffSession | undefined> {
    const { rows } = await this.pool.query<{ agent: StaffSession['agent']; expires_at: Date }>(
      'SELECT agent, expires_at FROM staff_sessions WHERE token_hash = $1 AND expires_at >= $2',
      [tokenHash, new Date(now)],
    );
    return rows[0] && { agent: rows[0].agent, expires: rows[0].expires_at.getTime() };
  }

  async remove(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
  }
}

import type { Pool } from 'pg';
import { AgentRecord, AgentRecordStore } from '../staff/agentAccounts';

/** Staff accounts in PostgreSQL (table staff_agents): an agent added once signs in on every instance. */
export class PostgresAgentRecords implements AgentRecordStore {
  constructor(private readonly pool: Pool) {}

  async all(): Promise<AgentRecord[]> {
    const { rows } = await this.pool.query<{ username: string; display_name: string; supervisor: boolean; password: string; created_at: Date }>(
      'SELECT username, display_name, supervisor, password, created_at FROM staff_agents ORDER BY created_at, username',
    );
    return rows.map((r) => ({ username: r.username, displayName: r.display_name, supervisor: r.supervisor, password: r.password, createdAt: r.created_at.toISOString() }));
  }

  async put(record: AgentRecord): Promise<void> {
    const valid = AgentRecord.parse(record);
    await this.pool.query(
      `INSERT INTO staff_agents (username, display_name, supervisor, password, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, supervisor = EXCLUDED.supervisor, password = EXCLUDED.password`,
      [valid.username, valid.displayName, valid.supervisor, valid.password, valid.createdAt],
    );
  }
}

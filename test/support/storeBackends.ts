import { Pool } from 'pg';
import { migrate } from '../../postgres/migrate';
import { testDatabase, TestDatabase } from './postgres';

/**
 * The PostgreSQL side of a contract suite: one database for the suite, migrated once, emptied before
 * each test (tests in a file run one after another), and a pool per store opened so that "reopen"
 * means what it does for the files: a new process on the same data.
 */
export class PostgresBackend {
  private db?: TestDatabase;
  private readonly pools: Pool[] = [];

  async setUp(): Promise<void> {
    this.db = await testDatabase();
    const pool = this.pool();
    await migrate(pool);
  }

  get url(): string {
    return this.db!.url;
  }

  pool(): Pool {
    const pool = new Pool({ connectionString: this.db!.url, max: 20 });
    this.pools.push(pool);
    return pool;
  }

  /** Empties every table and starts the request numbers again at 1. */
  async empty(): Promise<void> {
    const pool = this.pools[0];
    await pool.query('DELETE FROM request_history; DELETE FROM requests; DELETE FROM bot_state; DELETE FROM sms_outbox; DELETE FROM lookup_failures; DELETE FROM attachments; DELETE FROM handoff_cases; DELETE FROM transcript_lines; DELETE FROM staff_agents; DELETE FROM staff_sessions; DELETE FROM directline_conversations; DELETE FROM staff_feed_events');
    await pool.query('ALTER SEQUENCE request_number_seq RESTART WITH 1');
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.pools.splice(0).map((pool) => pool.end()));
    await this.db?.drop();
  }
}

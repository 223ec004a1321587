import { EventEmitter } from 'node:events';
import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';
import type { FeedBus } from '../staff/feedBus';
import type { FeedEvent } from '../staff/handoffService';
import type { DatabaseListener } from './databaseListener';

const CHANNEL = 'staff_feed';
/** Events are read within moments of their NOTIFY; older rows are only clutter. */
const KEEP_MS = 10 * 60_000;

/**
 * The console's live feed across instances: an event is a row of staff_feed_events and a NOTIFY of
 * its id (an event, with a message of up to 4000 characters, may not fit a NOTIFY payload); every
 * instance, the publishing one too, reads the row and hands it to its own consoles. The event is
 * not also handed on locally, so each console gets it exactly once. Rows go after ten minutes.
 */
export class PostgresFeedBus implements FeedBus {
  private readonly local = new EventEmitter().setMaxListeners(0);
  /** Sent and read one after another, so a console sees a case's events in the order they happened. */
  private reading: Promise<void> = Promise.resolve();
  private publishing: Promise<void> = Promise.resolve();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    listener: DatabaseListener,
    private readonly logger: Logger,
  ) {
    void listener.on(CHANNEL, (payload) => {
      this.reading = this.reading.then(() => this.deliver(payload));
    });
    this.sweeper = setInterval(() => void this.pool.query('DELETE FROM staff_feed_events WHERE at < $1', [new Date(Date.now() - KEEP_MS)]).catch(() => undefined), KEEP_MS);
    this.sweeper.unref();
  }

  publish(event: FeedEvent): void {
    const body = JSON.stringify(event);
    this.publishing = this.publishing.then(() =>
      this.pool
        .query('WITH added AS (INSERT INTO staff_feed_events (body) VALUES ($1) RETURNING id) SELECT pg_notify($2, id::text) FROM added', [body, CHANNEL])
        .then(
          () => undefined,
          (error: Error) => this.logger.warn('feed event not sent to the consoles', { error: error.message, type: event.type }),
        ),
    );
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.local.on('feed', listener);
    return () => this.local.off('feed', listener);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.local.removeAllListeners();
  }

  private async deliver(id: string): Promise<void> {
    if (this.local.listenerCount('feed') === 0) return;
    try {
      const { rows } = await this.pool.query<{ body: FeedEvent }>('SELECT body FROM staff_feed_events WHERE id = $1', [id]);
      if (rows[0]) this.local.emit('feed', rows[0].body);
    } catch (error) {
      this.logger.warn('feed event not read', { error: (error as Error).message });
    }
  }
}

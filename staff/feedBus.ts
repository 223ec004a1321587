import { EventEmitter } from 'node:events';
import type { FeedEvent } from './handoffService';

/**
 * Between the handoff desk's 'feed' events and the console's live feed (GET /api/staff/handoffs/feed):
 * whatever instance an event happens on, every console connected to any instance gets it, once.
 * Embedded there is one instance, and this is an EventEmitter (MemoryFeedBus); on PostgreSQL the
 * event goes through the database to every instance (postgres/postgresFeedBus.ts).
 */
export interface FeedBus {
  /** Sends an event to every subscriber, on every instance. */
  publish(event: FeedEvent): void;
  /** Calls `listener` with every event published from now on, on any instance; returns the unsubscribe function. */
  subscribe(listener: (event: FeedEvent) => void): () => void;
  close(): Promise<void>;
}

export class MemoryFeedBus implements FeedBus {
  private readonly events = new EventEmitter().setMaxListeners(0);

  publish(event: FeedEvent): void {
    this.events.emit('feed', event);
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.events.on('feed', listener);
    return () => this.events.off('feed', listener);
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}

import { Client } from 'pg';
import type { Logger } from '../platform/logger';

type Handler = (payload: string) => void;

/** Channel names are ours (constants), never a client's: they are written into LISTEN as identifiers. */
const CHANNEL = /^[a-z_]+$/;
const MAX_RETRY_MS = 10_000;

/**
 * The one connection per process that LISTENs for NOTIFY from other instances (a pooled connection
 * cannot: the pool hands it to queries and closes it when idle). When the connection is lost (the
 * database restarted, a fail-over) it connects again, retrying with a growing pause, LISTENs again,
 * and tells `onReconnect` handlers, which catch up on what was notified meanwhile.
 */
export class DatabaseListener {
  private readonly handlers = new Map<string, Handler[]>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private readonly lostHandlers: (() => void)[] = [];
  private client: Client | undefined;
  private closed = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly firstRetryMs = 250,
  ) {
    this.retryMs = firstRetryMs;
  }

  /**
   * Calls `handler` with the payload of every NOTIFY on `channel`, from any instance (this one too).
   * Resolves once the LISTEN is in place (or at once when not connected: connecting LISTENs first),
   * for whoever must know that nothing notified from then on is missed.
   */
  async on(channel: string, handler: Handler): Promise<void> {
    if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const known = this.handlers.get(channel);
    if (known) return void known.push(handler);
    this.handlers.set(channel, [handler]);
    const client = this.client;
    await client?.query(`LISTEN ${channel}`).then(
      () => undefined,
      (error: Error) => this.lost(client, error),
    );
  }

  /** Calls `handler` after each reconnection: notifications sent while disconnected were missed. */
  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  /** Calls `handler` as soon as the connection is found lost: notifications may be missed from then on. */
  onLost(handler: () => void): void {
    this.lostHandlers.push(handler);
  }

  /** Whether notifications are being received now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects; resolves once listening, or once the first attempt failed (it goes on retrying). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<boolean> {
    const client = new Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 5000 });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.lost(client, error as Error);
      return false;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return false;
    }
    this.client = client;
    this.retryMs = this.firstRetryMs;
    return true;
  }

  private lost(client: Client, error?: Error): void {
    if (this.closed || (this.client !== client && this.client !== undefined) || this.retryTimer) return;
    this.logger.warn('database listener disconnected; reconnecting', { error: error?.message ?? 'connection ended' });
    this.client = undefined;
    for (const handler of this.lostHandlers) handler();
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect().then((connected) => {
        if (!connected) return;
        this.logger.info('database listener reconnected');
        for (const handler of this.reconnectHandlers) handler();
      });
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}

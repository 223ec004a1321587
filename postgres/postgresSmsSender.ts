import type { Pool } from 'pg';
import type { SmsMessage, SmsSender } from '../requests/smsSenders';

/**
 * The SMS outbox as a table (sms_outbox) rather than a file: every instance writes to the same one,
 * and an operator or a gateway's agent takes the rows whose sent_at is empty and marks them sent.
 */
export class PostgresOutboxSmsSender implements SmsSender {
  constructor(private readonly pool: Pool) {}

  async sendSms(message: SmsMessage): Promise<void> {
    await this.pool.query('INSERT INTO sms_outbox (to_mobile, text, request_number) VALUES ($1, $2, $3)', [message.to, message.text, message.requestNumber]);
  }
}

import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** A text message to a person's mobile (E.164). Its text is whole; only logs mask it. */
export interface SmsMessage {
  to: string;
  text: string;
  requestNumber: string;
}

/** Sends SMS. The embedded one writes an outbox file; a gateway is reached through a webhook. */
export interface SmsSender {
  sendSms(message: SmsMessage): Promise<void>;
}

/** Appends each message as a JSON line to a file an operator (or an SMS gateway's agent) reads. */
export class OutboxSmsSender implements SmsSender {
  constructor(private readonly file: string) {}

  async sendSms(message: SmsMessage): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, JSON.stringify({ at: new Date().toISOString(), ...message }) + '\n', 'utf8');
  }
}

/** POSTs each message as JSON to an SMS gateway; a non-2xx answer or no answer in 5 s is a failure. */
export class WebhookSmsSender implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async sendSms(message: SmsMessage): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`SMS webhook answered ${response.status}`);
  }
}

/** Sends through every sender; fails if any failed, after all have tried. */
export class AllSmsSenders implements SmsSender {
  constructor(private readonly senders: SmsSender[]) {}

  async sendSms(message: SmsMessage): Promise<void> {
    const results = await Promise.allSettled(this.senders.map((n) => n.sendSms(message)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new AggregateError(failed.map((f) => f.reason), `${failed.length} of ${results.length} SMS senders failed`);
  }
}

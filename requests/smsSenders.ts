import { appendFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../platform/privateFiles';

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
  /** Whether the folder and the file were made private already (once per process: an outbox from before stays 0644 otherwise). */
  private madePrivate = false;

  constructor(private readonly file: string) {}

  async sendSms(message: SmsMessage): Promise<void> {
    if (!this.madePrivate) await makePrivateDir(path.dirname(this.file));
    // Created 0600: each line holds a mobile number and a request number.
    await appendFile(this.file, JSON.stringify({ at: new Date().toISOString(), ...message }) + '\n', { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    if (!this.madePrivate) {
      await chmod(this.file, PRIVATE_FILE_MODE);
      this.madePrivate = true;
    }
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

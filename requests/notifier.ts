import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** A text message to a person's mobile (E.164). Its text is whole; only logs mask it. */
export interface SmsMessage {
  to: string;
  text: string;
  requestNumber: string;
}

/** Sends SMS. The embedded one writes an outbox file; a gateway is reached through a webhook. */
export interface Notifier {
  sendSms(message: SmsMessage): Promise<void>;
}

/** Where a failed SMS is reported: the service's logger, which masks the number. */
export interface SmsFailureLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Sends an SMS that must not undo what already happened (a stored request, a status change): a
 * failure is logged for operators, and the answer says whether it went.
 */
export async function trySendSms(notifier: Notifier, message: SmsMessage, log: SmsFailureLog): Promise<boolean> {
  try {
    await notifier.sendSms(message);
    return true;
  } catch (error) {
    log.warn('SMS not sent', { number: message.requestNumber, to: message.to, error: (error as Error).message });
    return false;
  }
}

/** Appends each message as a JSON line to a file an operator (or an SMS gateway's agent) reads. */
export class OutboxNotifier implements Notifier {
  constructor(private readonly file: string) {}

  async sendSms(message: SmsMessage): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, JSON.stringify({ at: new Date().toISOString(), ...message }) + '\n', 'utf8');
  }
}

/** POSTs each message as JSON to an SMS gateway; a non-2xx answer or no answer in 5 s is a failure. */
export class WebhookNotifier implements Notifier {
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

/** Sends through every notifier; fails if any failed, after all have tried. */
export class AllNotifiers implements Notifier {
  constructor(private readonly notifiers: Notifier[]) {}

  async sendSms(message: SmsMessage): Promise<void> {
    const results = await Promise.allSettled(this.notifiers.map((n) => n.sendSms(message)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new AggregateError(failed.map((f) => f.reason), `${failed.length} of ${results.length} SMS notifiers failed`);
  }
}

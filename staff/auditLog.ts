import { appendFile, chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface AuditEntry {
  /** The agent's username, or "token" for the shared bearer token, or the name tried at a failed sign-in. */
  who: string;
  what: string;
  target?: string;
  outcome?: number | string;
}

/** Every staff action, one JSON line each (who, what, when), in DATA_DIR/audit.jsonl, readable by the service's user only. */
export class AuditLog {
  private chain: Promise<void> = Promise.resolve();
  private ready: Promise<void>;

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.ready = mkdir(path.dirname(file), { recursive: true }).then(async () => {
      await appendFile(file, '', { mode: 0o600 });
      await chmod(file, 0o600);
    });
  }

  record(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify({ at: this.now().toISOString(), ...entry }) + '\n';
    this.chain = this.chain.then(() => this.ready).then(() => appendFile(this.file, line, { mode: 0o600 })).catch(this.onError);
    return this.chain;
  }
}

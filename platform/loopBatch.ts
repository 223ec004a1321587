/**
 * Gathers the calls made during one turn of the event loop and hands them to `run` together once the
 * loop reaches its check phase (setImmediate). Under load the turns of many conversations each ask
 * the database for something within the same turn of the loop, and one statement serves them all;
 * alone, a call waits for nothing but the end of the current callbacks.
 *
 * `run` answers each input in order; when it fails, every call of the batch fails with its error (a
 * batch is one statement: it is applied whole or not at all). At most `maxBatch` inputs go to one run.
 */
export class LoopBatch<Input, Output> {
  private pending: { input: Input; resolve: (output: Output) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: Input[]) => Promise<Output[]>,
    private readonly maxBatch = 500,
  ) {}

  add(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let from = 0; from < all.length; from += this.maxBatch) {
      const batch = all.slice(from, from + this.maxBatch);
      this.run(batch.map((call) => call.input)).then(
        (outputs) => batch.forEach((call, i) => call.resolve(outputs[i])),
        (error: unknown) => batch.forEach((call) => call.reject(error)),
      );
    }
  }
}

/**
 * For a batch's answers drawn from one query: the first caller of a key gets the value as read, each
 * later caller of the same key its own copy, so a caller that changes what it got (BotState does) never
 * changes another's, as when each read its own row.
 */
export function ownCopies<Value>(): (key: string, value: Value) => Value {
  const given = new Set<string>();
  return (key, value) => {
    if (!given.has(key)) {
      given.add(key);
      return value;
    }
    return structuredClone(value);
  };
}

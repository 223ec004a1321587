import { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';

/**
 * A property of a BotState, as botbuilder's BotStatePropertyAccessor reads and writes it (the state
 * loaded once per turn, a default value copied through JSON before it is stored), with each call a
 * promise of the state's load followed by one step, where botbuilder's compiled class runs a
 * generator for each: every turn reads and writes several properties.
 */
export class LoadedStateProperty<T = any> implements StatePropertyAccessor<T> {
  constructor(
    private readonly state: BotState,
    readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    return this.loaded(context, (state) => {
      if (!Object.prototype.hasOwnProperty.call(state, this.name) && defaultValue !== undefined) {
        state[this.name] = typeof defaultValue === 'object' ? JSON.parse(JSON.stringify(defaultValue)) : defaultValue;
      }
      return state[this.name] as T | undefined;
    });
  }

  set(context: TurnContext, value: T): Promise<void> {
    return this.loaded(context, (state) => {
      state[this.name] = value;
    });
  }

  delete(context: TurnContext): Promise<void> {
    return this.loaded(context, (state) => {
      if (Object.prototype.hasOwnProperty.call(state, this.name)) delete state[this.name];
    });
  }

  /** A failure to load, even one thrown at once (a turn with no conversation), is a rejected promise, as from an async function. */
  private loaded<R>(context: TurnContext, step: (state: Record<string, unknown>) => R): Promise<R> {
    try {
      return (this.state.load(context) as Promise<Record<string, unknown>>).then(step);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

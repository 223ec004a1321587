import { BotState, ConversationState, StatePropertyAccessor, Storage, StorageKeyFactory, TurnContext, UserState } from 'botbuilder';
import { LoadedStateProperty } from './loadedStateProperty';
import { noteJsonToWrite, takeStoredJson } from './storedStateJson';

/** What BotState keeps in the turn for its state: the object, and what it looked like when read or last written. */
interface CachedState {
  state: Record<string, unknown>;
  hash: string;
}

/**
 * The state as JSON, without its eTag (which storage changes, not the turn). botbuilder compares a
 * SHA-256 of a JSON.stringify run through a replacer; comparing the JSON itself tells exactly the same
 * changes apart, without the hash and the replacer call per value, on every turn's load and save.
 */
function asJson(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

/** BotState's turn-state key for an instance: a private symbol there, so reached by name. */
function cacheKeyOf(state: BotState): symbol {
  return (state as unknown as { stateKey: symbol }).stateKey;
}

/** What BotState's subclasses hold and the functions below need. */
interface StateParts {
  owner: BotState;
  storage: Storage;
  storageKey: StorageKeyFactory;
  /** The storage key at once (ConversationState's and UserState's getStorageKey), where botbuilder's factory gives a promise. */
  keyNow: (context: TurnContext) => string | undefined;
}

/** BotState.load: read once per turn (or again with `force`), remembering how the state looked. */
function load({ owner, storage, storageKey }: StateParts, context: TurnContext, force: boolean): Promise<any> {
  const cacheKey = cacheKeyOf(owner);
  const cached = context.turnState.get(cacheKey) as CachedState | undefined;
  if (!force && cached?.state) return Promise.resolve(cached.state);
  return Promise.resolve(storageKey(context)).then((key) =>
    storage.read([key]).then((items) => {
      const state = (items[key] ?? {}) as Record<string, unknown>;
      context.turnState.set(cacheKey, { state, hash: takeStoredJson(state) ?? asJson(state) } satisfies CachedState);
      return state;
    }),
  );
}

/** BotState.saveChanges: writes the state if it changed since it was read (always with `force`), else nothing. */
function saveChanges({ owner, storage, storageKey, keyNow }: StateParts, context: TurnContext, force: boolean): Promise<void> {
  const cacheKey = cacheKeyOf(owner);
  const cached = context.turnState.get(cacheKey) as CachedState | undefined;
  const now = cached ? asJson(cached.state) : undefined;
  if (!force && (!cached || cached.hash === now)) return Promise.resolve();
  const write = (key: string) => {
    const saved = cached ?? { state: {}, hash: '' };
    saved.state.eTag = '*';
    // The JSON just compared is the state's as written (its eTag left out): the storage need not make it again.
    if (now !== undefined) noteJsonToWrite(saved.state, now);
    return storage.write({ [key]: saved.state }).then(() => {
      saved.hash = now ?? asJson(saved.state);
      context.turnState.set(cacheKey, saved);
    });
  };
  // Written in the step that compared it when the key can be told at once, so that nothing runs between
  // the JSON noted and the write that takes it; else once botbuilder's factory gives the key.
  try {
    const key = keyNow(context);
    return key ? write(key) : Promise.resolve(storageKey(context)).then(write);
  } catch (error) {
    return Promise.reject(error);
  }
}

/*
 * ConversationState and UserState that keep botbuilder's contract — read once per turn, a turn that
 * changed the state writes it, one that did not writes nothing, `force` always writes — with the change
 * told by comparing JSON (see asJson). The cached entry keeps the shape BotState's own get, clear and
 * delete read, so clear's empty hash still forces the next save. Their properties are LoadedStateProperty.
 */

export class JsonComparedConversationState extends ConversationState {
  override createProperty<T = any>(name: string): StatePropertyAccessor<T> {
    return new LoadedStateProperty<T>(this, name);
  }

  override load(context: TurnContext, force = false): Promise<any> {
    return load(this.parts(), context, force);
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return saveChanges(this.parts(), context, force);
  }

  private parts(): StateParts {
    return { owner: this, storage: this.storage, storageKey: this.storageKey, keyNow: (context) => this.getStorageKey(context) };
  }
}

export class JsonComparedUserState extends UserState {
  override createProperty<T = any>(name: string): StatePropertyAccessor<T> {
    return new LoadedStateProperty<T>(this, name);
  }

  override load(context: TurnContext, force = false): Promise<any> {
    return load(this.parts(), context, force);
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return saveChanges(this.parts(), context, force);
  }

  private parts(): StateParts {
    return { owner: this, storage: this.storage, storageKey: this.storageKey, keyNow: (context) => this.getStorageKey(context) };
  }
}

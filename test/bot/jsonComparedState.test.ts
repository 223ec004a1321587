import { Storage, StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { JsonComparedConversationState, JsonComparedUserState } from '../../bot/jsonComparedState';
import { LowdbStorage } from '../../bot/lowdbStorage';
import { temporaryDataDir } from '../support/testApp';

/** The real storage, with a note of the keys each write carried: what reached the disk. */
class NotedStorage implements Storage {
  readonly writes: string[][] = [];
  constructor(private readonly inner: Storage) {}
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.writes.push(Object.keys(changes));
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

/** A bot whose every turn runs `change` on the loaded states, then saves them as TawasulBot does. */
async function botOn(dir: string) {
  const storage = new NotedStorage(await LowdbStorage.open(dir));
  const conversation = new JsonComparedConversationState(storage);
  const user = new JsonComparedUserState(storage);
  const turn = async (change: (c: Record<string, any>, u: Record<string, any>, context: TurnContext) => Promise<void> | void, force = false) => {
    const adapter = new TestAdapter(async (context) => {
      const [c, u] = await Promise.all([conversation.load(context), user.load(context)]);
      await change(c, u, context);
      await Promise.all([conversation.saveChanges(context, force), user.saveChanges(context, force)]);
    });
    storage.writes.length = 0;
    await adapter.send('hi');
    return storage.writes.flat();
  };
  return { turn, conversation, user };
}

const CONVERSATION_KEY = 'test/conversations/Convo1/';
const USER_KEY = 'test/users/user1/';

describe('state compared as JSON', () => {
  test.each([
    ['a turn that changes the conversation writes it, and only it', (c: Record<string, any>) => void (c.step = 2), [CONVERSATION_KEY]],
    ['a turn that changes the user writes only the user', (_c: Record<string, any>, u: Record<string, any>) => void (u.language = 'en'), [USER_KEY]],
    ['a turn that changes both writes both', (c: Record<string, any>, u: Record<string, any>) => void ((c.step = 2), (u.language = 'en')), [CONVERSATION_KEY, USER_KEY]],
    ['a turn that only reads writes nothing', () => undefined, []],
  ])('%s', async (_name, change, written) => {
    const { turn } = await botOn(temporaryDataDir());
    await turn((c) => void (c.existing = { list: [1] }));
    expect((await turn(change)).sort()).toEqual(written);
  });

  test('a change inside a nested object or array is seen', async () => {
    const { turn } = await botOn(temporaryDataDir());
    await turn((c) => void (c.dialogState = { dialogStack: [{ id: 'form', state: { stepIndex: 0 } }] }));
    expect(await turn((c) => void (c.dialogState.dialogStack[0].state.stepIndex = 1))).toEqual([CONVERSATION_KEY]);
    expect(await turn((c) => void c.dialogState.dialogStack.push({ id: 'prompt' }))).toEqual([CONVERSATION_KEY]);
  });

  test('a value changed and changed back within the turn writes nothing', async () => {
    const { turn } = await botOn(temporaryDataDir());
    await turn((c) => void (c.language = 'ar'));
    expect(await turn((c) => void ((c.language = 'en'), (c.language = 'ar')))).toEqual([]);
  });

  test('a second save in the same turn writes only what changed since the first', async () => {
    const dir = temporaryDataDir();
    const storage = new NotedStorage(await LowdbStorage.open(dir));
    const conversation = new JsonComparedConversationState(storage);
    await new TestAdapter(async (context) => {
      (await conversation.load(context)).step = 1;
      await conversation.saveChanges(context);
      await conversation.saveChanges(context);
      expect(storage.writes).toHaveLength(1);
      (await conversation.load(context)).step = 2;
      await conversation.saveChanges(context);
      expect(storage.writes).toHaveLength(2);
    }).send('hi');
  });

  test('force writes an unchanged state; clear makes the next save write the empty state', async () => {
    const { turn, conversation } = await botOn(temporaryDataDir());
    await turn((c) => void (c.step = 1));
    expect(await turn(() => undefined, true)).toEqual(expect.arrayContaining([CONVERSATION_KEY, USER_KEY]));
    expect(await turn((_c, _u, context) => conversation.clear(context))).toEqual([CONVERSATION_KEY]);
    expect(await turn((c) => void expect(c.step).toBeUndefined())).toEqual([]);
  });

  test('what a turn wrote is what the next process reads', async () => {
    const dir = temporaryDataDir();
    await (await botOn(dir)).turn((c, u) => void ((c.step = 3), (u.language = 'en')));
    const restarted = await botOn(dir);
    expect(await restarted.turn((c, u) => void expect([c.step, u.language]).toEqual([3, 'en']))).toEqual([]);
  });
});

describe('state properties', () => {
  test('a default is stored as a copy of its own; what a property is set to, or its removal, is written and read back', async () => {
    const { turn, conversation } = await botOn(temporaryDataDir());
    const offered = conversation.createProperty<{ values: string[] }>('offered');
    const fallback = { values: ['a'] };
    const firstTurn = turn(async (_c, _u, context) => void (await offered.get(context, fallback)).values.push('b'));
    expect(await firstTurn).toEqual([CONVERSATION_KEY]);
    expect(fallback).toEqual({ values: ['a'] });
    expect(await turn(async (_c, _u, context) => expect(await offered.get(context)).toEqual({ values: ['a', 'b'] }))).toEqual([]);
    expect(await turn(async (_c, _u, context) => offered.set(context, { values: ['c'] }))).toEqual([CONVERSATION_KEY]);
    expect(await turn(async (_c, _u, context) => expect(await offered.get(context, fallback)).toEqual({ values: ['c'] }))).toEqual([]);
    expect(await turn(async (_c, _u, context) => offered.delete(context))).toEqual([CONVERSATION_KEY]);
    expect(await turn(async (_c, _u, context) => expect(await offered.get(context)).toBeUndefined())).toEqual([]);
  });

  test('a turn with no conversation to keep state for fails as a rejected promise, not at the call', async () => {
    const conversation = new JsonComparedConversationState(await LowdbStorage.open(temporaryDataDir()));
    const offered = conversation.createProperty<string>('offered');
    const context = new TurnContext(new TestAdapter(async () => undefined), { type: 'message', channelId: 'test' });
    const pending = offered.get(context);
    await expect(pending).rejects.toThrow(/conversation/);
  });
});

describe('state read back is compared as the JSON it was read from', () => {
  // Values whose JSON is easy to get wrong: the comparison at load must see them exactly as a save does.
  // Parsed, so that __proto__ is a property of its own (in a literal it would set the prototype).
  const awkward = `{"10": "integer-like keys come first", "2": "in ascending order", "__proto__": {"own": "a property named __proto__"},
    "text": ${JSON.stringify('quote " backslash \\ \u2028 lone \ud800 عربي 👋')}, "numbers": [0, -0, 1e21, 1.5e-7, 0.30000000000000004, -1],
    "nested": {"empty": {}, "list": [[], [{}], null, true]}}`;

  test('a turn that only reads such state writes nothing, one that changes it writes it', async () => {
    const dir = temporaryDataDir();
    const { turn } = await botOn(dir);
    expect(await turn((c) => void (c.awkward = JSON.parse(awkward)))).toEqual([CONVERSATION_KEY]);
    expect(await turn(() => undefined)).toEqual([]);
    expect(await turn((c) => void (c.awkward.numbers[0] = 1))).toEqual([CONVERSATION_KEY]);
    expect(await turn(() => undefined)).toEqual([]);
    // From the files after a restart as well.
    const restarted = await botOn(dir);
    expect(await restarted.turn(() => undefined)).toEqual([]);
    expect(await restarted.turn((c) => void expect(Object.prototype.hasOwnProperty.call(c.awkward, '__proto__')).toBe(true))).toEqual([]);
    expect(await restarted.turn((c) => void delete c.awkward.__proto__)).toEqual([CONVERSATION_KEY]);
    expect(await restarted.turn((c) => void expect(Object.keys(c.awkward)).toEqual(['2', '10', 'text', 'numbers', 'nested']))).toEqual([]);
  });

  test('a state changed on the first read of a turn, then read again with force, compares with the second read', async () => {
    const storage = new NotedStorage(await LowdbStorage.open(temporaryDataDir()));
    const conversation = new JsonComparedConversationState(storage);
    await new TestAdapter(async (context) => void (((await conversation.load(context)).step = 1), await conversation.saveChanges(context))).send('hi');
    await new TestAdapter(async (context) => {
      (await conversation.load(context)).step = 2;
      expect((await conversation.load(context, true)).step).toBe(1);
      await conversation.saveChanges(context);
      expect(storage.writes).toHaveLength(1);
    }).send('hi');
  });
});

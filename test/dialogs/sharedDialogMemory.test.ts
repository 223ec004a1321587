import { ConversationState, MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { DialogSet, DialogStateManagerConfiguration, WaterfallDialog } from 'botbuilder-dialogs';
import { useSharedDialogMemory } from '../../dialogs/sharedDialogMemory';

/**
 * A two-step form that writes to every kind of dialog memory on its first turn and reads it all back
 * on its second, on the shared memory scopes or on those botbuilder assembles each turn.
 */
async function memorySeenOverTwoTurns(shared: boolean) {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
  const seen: unknown[] = [];
  const configurations: DialogStateManagerConfiguration[] = [];
  dialogs.add(
    new WaterfallDialog('form', [
      async (step) => {
        step.state.setValue('conversation.topic', 'tracking');
        step.state.setValue('user.language', 'en');
        step.state.setValue('turn.note', 'this turn only');
        step.state.setValue('dialog.number', 'TW-1');
        step.state.setValue('$asked', 'verifier');
        seen.push(['first', step.state.getValue('turn.note'), step.state.getValue('dialog.asked')]);
        return step.context.sendActivity('ask').then(() => ({ status: 'waiting' }) as never);
      },
      async (step) => {
        const read = (path: string) => step.state.getValue(path);
        seen.push(['second', read('conversation.topic'), read('user.language'), read('turn.note'), read('dialog.number'), read('$asked'), read('this.stepIndex')]);
        return step.endDialog();
      },
    ]),
  );
  const adapter = new TestAdapter(async (context: TurnContext) => {
    // What botbuilder's useBotState does, so that the conversation and user scopes find their state.
    context.turnState.set('ConversationState', conversationState);
    context.turnState.set('UserState', userState);
    await userState.load(context);
    if (shared) useSharedDialogMemory(context);
    const dc = await dialogs.createContext(context);
    configurations.push(dc.state.configuration);
    const result = await dc.continueDialog();
    if (result.status === 'empty') await dc.beginDialog('form');
    await Promise.all([conversationState.saveChanges(context), userState.saveChanges(context)]);
  });
  await adapter.send('track').assertReply('ask').send('1234567890').startTest();
  return { seen, configurations };
}

describe('dialog memory on scopes assembled once', () => {
  test('every scope reads and writes as on the scopes botbuilder assembles each turn', async () => {
    const own = await memorySeenOverTwoTurns(false);
    const shared = await memorySeenOverTwoTurns(true);
    expect(shared.seen).toEqual(own.seen);
    expect(shared.seen).toEqual([
      ['first', 'this turn only', 'verifier'],
      ['second', 'tracking', 'en', undefined, 'TW-1', 'verifier', 1],
    ]);
  });

  test('botbuilder takes the shared scopes, the same ones every turn', async () => {
    const { configurations } = await memorySeenOverTwoTurns(true);
    expect(configurations).toHaveLength(2);
    expect(configurations[0]).toBe(configurations[1]);
    expect(configurations[0].memoryScopes.map((scope) => scope.name)).toEqual(expect.arrayContaining(['turn', 'dialog', 'conversation', 'user', 'settings', 'this']));
  });
});

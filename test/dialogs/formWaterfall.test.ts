import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogState, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import { FormStep, FormWaterfall } from '../../dialogs/forms/formWaterfall';

/** A form of three steps: the second goes straight on to the third, which uses what the first kept. */
const steps = [
  async (step: FormStep<{ greeting: string }>) => {
    (step.values as { asked?: number }).asked = 1;
    return step.prompt('name', { prompt: `${step.options.greeting}, your name?` });
  },
  async (step: FormStep<{ greeting: string }>) => step.next(`${step.result as string}!`),
  async (step: FormStep<{ greeting: string }>) => {
    await step.context.sendActivity(`Thanks, ${step.result as string} (asked ${(step.values as { asked?: number }).asked} time)`);
    return step.endDialog();
  },
];

class NameForm extends ComponentDialog {
  constructor(waterfall: WaterfallDialog<{ greeting: string }>) {
    super('nameForm');
    this.addDialog(waterfall);
    this.addDialog(new TextPrompt('name'));
  }
}

const botbuilders = () => new NameForm(new WaterfallDialog('steps', steps));
const ours = () => new NameForm(new FormWaterfall('steps', steps));

/** A conversation whose first turn runs on one form and the second on another, over the same stored state. */
async function twoTurns(first: NameForm, second: NameForm) {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const replies: string[] = [];
  const stored: string[] = [];
  for (const [form, text] of [[first, 'hello'], [second, 'Amal']] as const) {
    const dialogs = new DialogSet(dialogState).add(form);
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      if ((await dc.continueDialog()).status === 'empty') await dc.beginDialog('nameForm', { greeting: 'Hello' });
      await conversationState.saveChanges(context);
    });
    await adapter.receiveActivity({ type: 'message', text, conversation: { id: 'c1' } as never, channelId: 'test' });
    replies.push(...adapter.activityBuffer.splice(0).map((a) => `${a.type}: ${a.text}`));
    stored.push(JSON.stringify(await storage.read(['test/conversations/c1/'])).replace(/"(eTag|instanceId)":"[^"]*"/g, '"$1":"*"'));
  }
  return { replies, stored };
}

describe('a form on FormWaterfall', () => {
  test('says and keeps what botbuilder’s WaterfallDialog does', async () => {
    const theirs = await twoTurns(botbuilders(), botbuilders());
    expect(theirs.replies).toEqual(['message: Hello, your name?', 'message: Thanks, Amal! (asked 1 time)']);
    expect(await twoTurns(ours(), ours())).toEqual(theirs);
  });

  test('goes on with a form begun on WaterfallDialog, and the other way round, as the same version', async () => {
    const theirs = await twoTurns(botbuilders(), botbuilders());
    // A change of version would have sent a trace ("Unhandled dialog event: versionChanged") among the replies.
    expect(await twoTurns(botbuilders(), ours())).toEqual(theirs);
    expect(await twoTurns(ours(), botbuilders())).toEqual(theirs);
  });
});

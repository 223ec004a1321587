import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { DialogContextError, DialogState, Prompt, PromptOptions, PromptRecognizerResult, PromptValidator, WaterfallDialog } from 'botbuilder-dialogs';
import { FormHost } from '../../dialogs/formHost';
import { InterruptibleDialog } from '../../dialogs/interruptibleDialog';
import { MessageRouter } from '../../dialogs/messageRouter';
import { faqResponder, TurnLanguage } from '../support/dialogClient';

/**
 * A prompt on botbuilder's Prompt, as the date and choice prompts are, that notes each message it
 * reads, and fails on "boom" as a recogniser with a bug would.
 */
class NotingPrompt extends Prompt<string> {
  readonly read: string[] = [];

  constructor(dialogId: string, validator: PromptValidator<string>) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    await context.sendActivity((isRetry ? options.retryPrompt : options.prompt) as string);
  }

  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<string>> {
    const text = context.activity.text ?? '';
    this.read.push(text);
    if (text === 'boom') throw new Error('the recogniser failed');
    return { succeeded: true, value: text };
  }
}

/** A one-question form on the forms' base, opened and continued by the form host as the bot does. */
class NameForm extends InterruptibleDialog {
  static readonly id = 'nameForm';
  readonly prompt = new NotingPrompt('name', async (p) => (p.recognized.value ?? '').length > 1);

  constructor() {
    super(NameForm.id, faqResponder());
    this.addDialog(
      new WaterfallDialog('steps', [
        (step) => step.prompt('name', { prompt: 'Your name?', retryPrompt: 'Your name, please?' }),
        async (step) => {
          await step.context.sendActivity(`Thanks, ${step.result as string}`);
          return step.endDialog();
        },
      ]),
    );
    this.addDialog(this.prompt);
  }

  protected formName(): string {
    return 'the name form';
  }
}

function chat(form: NameForm) {
  const conversationState = new ConversationState(new MemoryStorage());
  const router = new MessageRouter(faqResponder(), { submit: NameForm.id });
  const host = new FormHost(conversationState.createProperty<DialogState>('dialogState'), router, [form]);
  const errors: unknown[] = [];
  const adapter = new TestAdapter(async (context) => {
    await host.onMessage(context);
    await conversationState.saveChanges(context);
  }).use(new TurnLanguage('en'));
  adapter.onTurnError = async (_context, error) => void errors.push(error);
  const say = async (text: string) => {
    await adapter.receiveActivity(text);
    return adapter.activityBuffer.splice(0).map((a) => a.text);
  };
  return { say, errors };
}

describe('a form continued by the form host', () => {
  test('its prompt reads each message once', async () => {
    const form = new NameForm();
    const { say } = chat(form);
    expect(await say('I want to submit a request')).toEqual(['Your name?']);
    expect(await say('x')).toEqual(['Your name, please?']);
    expect(await say('Amal')).toEqual(['Thanks, Amal']);
    expect(form.prompt.read).toEqual(['x', 'Amal']);
  });

  test('an error in a prompt reaches the turn enriched as botbuilder enriches it, naming the prompt and its form', async () => {
    const form = new NameForm();
    const { say, errors } = chat(form);
    await say('I want to submit a request');
    await say('boom');
    expect(errors).toHaveLength(1);
    const error = errors[0] as DialogContextError;
    expect(error).toBeInstanceOf(DialogContextError);
    expect(error.message).toBe('the recogniser failed');
    expect(error.dialogContext).toMatchObject({ activeDialog: 'name', parent: NameForm.id });
  });
});

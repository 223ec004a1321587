import { ComponentDialog, DialogTurnStatus, FoundChoice, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { labelledChoice, LocalizedChoicePrompt } from '../../dialogs/prompts/localizedChoicePrompt';

/**
 * What a person may answer to a list of choices: the number shown beside a choice (in either script),
 * its label however it is spelt, and in English an ordinal or the choice's words inside a sentence;
 * anything else asks again. The prompt is asked through botbuilder's own test client.
 */
class PickMethod extends ComponentDialog {
  constructor() {
    super('pickMethod');
    this.addDialog(
      new WaterfallDialog('steps', [
        (step: WaterfallStepContext) =>
          step.prompt('choice', {
            prompt: 'How would you like to check?',
            retryPrompt: 'Please choose one of the options.',
            choices: [labelledChoice('id', 'رقم الهوية', ['ID number']), labelledChoice('mobile', 'رقم الجوال', ['mobile number']), labelledChoice('email', 'البريد الإلكتروني', ['email'])],
          }),
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity(`picked ${(step.result as FoundChoice).value}`);
          return step.endDialog();
        },
      ]),
    );
    this.addDialog(new LocalizedChoicePrompt('choice'));
  }
}

async function answerWith(text: string): Promise<string | undefined> {
  const client = new DialogTestClient('test', new PickMethod());
  await client.sendActivity('start');
  const reply = await client.sendActivity(text);
  return reply?.text;
}

test.each([
  ['١', 'picked id'],
  ['2', 'picked mobile'],
  ['٣', 'picked email'],
  ['رقم الجوال', 'picked mobile'],
  ['البريد الالكتروني', 'picked email'],
  ['the second one', 'picked mobile'],
  ['third', 'picked email'],
  ['by email please', 'picked email'],
  ['I will use my ID number', 'picked id'],
  ['ابي رقم 2', 'picked mobile'],
  ['number two please', 'picked mobile'],
  ['I want the first', 'picked id'],
])('"%s" → %s', async (text, expected) => {
  expect(await answerWith(text)).toBe(expected);
});

test.each(['وش الفرق بينهم؟', 'ابي اكلم موظف', '7', 'كيف اجدد الاقامه'])('"%s" picks nothing and the choices are asked again', async (text) => {
  const client = new DialogTestClient('test', new PickMethod());
  await client.sendActivity('start');
  const reply = await client.sendActivity(text);
  expect(reply?.text).toContain('Please choose one of the options.');
  expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
});

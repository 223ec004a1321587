import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ComponentDialog, DialogTurnStatus, findChoices, FoundChoice, recognizeChoices, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { DEV_SET, HOLDOUT_SET, readDevSet } from '../eval/faqEvaluation';
import { labelledChoice, LocalizedChoicePrompt, mayNamePosition } from '../../dialogs/prompts/localizedChoicePrompt';
import { namedPosition } from '../../dialogs/prompts/choicePositions';
import { mixedTraffic } from '../bench/mixedTraffic';

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
  ['option 3 please', 'picked email'],
  ['the 2nd', 'picked mobile'],
])('"%s" → %s', async (text, expected) => {
  expect(await answerWith(text)).toBe(expected);
});

test.each(['وش الفرق بينهم؟', 'ابي اكلم موظف', '7', 'كيف اجدد الاقامه', 'is 7 days the max?', 'my request is TW-2026-000123'])('"%s" picks nothing and the choices are asked again', async (text) => {
  const client = new DialogTestClient('test', new PickMethod());
  await client.sendActivity('start');
  const reply = await client.sendActivity(text);
  expect(reply?.text).toContain('Please choose one of the options.');
  expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.waiting);
});

test("a text in which the number models could find no position finds the same with them as without (they are spared there)", () => {
  const choices = [labelledChoice('id', 'رقم الهوية', ['ID number']), labelledChoice('mobile', 'رقم الجوال', ['mobile number']), labelledChoice('email', 'البريد الإلكتروني', ['email'])];
  const texts = [...readDevSet(DEV_SET), ...readDevSet(HOLDOUT_SET)]
    .map((q) => q.q)
    .concat(['is 7 days the max?', 'my request is TW-2026-000123', 'I paid 500 riyals', 'it was 10 or 12 days', 'since 2024', '0', '4th', '1/4', '0.5', 'can a friend apply'])
    .filter((text) => !mayNamePosition(text, choices.length));
  expect(texts).toEqual(expect.arrayContaining(['is 7 days the max?', 'my request is TW-2026-000123', '4th']));
  const found = (text: string, numbers: boolean) => JSON.stringify(recognizeChoices(text, choices, { locale: 'en-us', recognizeNumbers: numbers, recognizeOrdinals: numbers }));
  expect(texts.filter((text) => found(text, true) !== found(text, false))).toEqual([]);
});

test('the number models kept from one message to the next place a text where botbuilder, building them afresh, places it', () => {
  const texts = [...readDevSet(DEV_SET), ...readDevSet(HOLDOUT_SET)]
    .map((q) => q.q)
    .concat(['the second one', 'third', 'number two please', 'I want the first', 'option 3 please', 'the 2nd', 'the last one', 'both of the first two', '2 or 3', 'the third, no the first', 'twelfth', 'ten'])
    .filter((text) => mayNamePosition(text, 12));
  expect(texts.length).toBeGreaterThan(20);
  for (const count of [2, 3, 12]) {
    const choices = Array.from({ length: count }, (_, i) => ({ value: `choice ${String.fromCharCode(97 + i)}` }));
    for (const text of texts) {
      const [theirs] = recognizeChoices(text, choices, { locale: 'en-us' });
      const ours = findChoices(text, choices, { locale: 'en-us' })[0]?.resolution.index ?? namedPosition(text, count);
      expect({ text, count, index: ours }).toEqual({ text, count, index: theirs?.resolution.index });
    }
  }
});

test('a long text is read around its position names and numbers, and places exactly where botbuilder reads it whole', () => {
  const names = [
    'the second one', 'third', 'number 2', 'option 3 please', 'the 2nd', 'the last one', 'the one before the last', 'next to last', 'twenty one', 'one and a half', '1.5',
    '10/4', '6/3', '12/5', '2026 in 1000', '10 over 4', 'ten thirds', 'a dozen', 'half a dozen', '2 or 3', 'the third, no the first', 'twelfth', 'eleventh', 'once', 'twice',
    'both', '01/11/2026', '16 nov 2026', 'in 2022', '7 days', 'tw-2026-000123', '1,000', '3 out of 4', '20 over 8', 'minus 2', 'the former', 'this one', 'which one', '4th',
  ];
  const wrappers = [
    (p: string) => p,
    (p: string) => `Late once in 2022 and once in 2024, and now again, ${p}. How much this time?`,
    (p: string) => `what happens if I renew my iqama late ${p} time, is there a bigger fine for that?`,
    (p: string) => `The maid's iqama expired on 01/11/2026; we were late with her once before and I think ${p} is right. How much?`,
    (p: string) => `hello, I have a question about the renewal of my family members and how long it takes, I'd like ${p}`,
    // "twice" lets the text through the prompt's pre-check; the numbers are then read only where they are.
    (p: string) => `I was late twice and paid ${p} times`,
  ];
  const fixtures = readdirSync(path.join(__dirname, '..', 'fixtures')).filter((f) => f.endsWith('.json'));
  const fixtureTexts = fixtures.flatMap((f) => {
    const found: string[] = [];
    JSON.stringify(JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', f), 'utf8')), (key, value) => (typeof value === 'string' && /[a-z]/i.test(value) && value.length < 600 && found.push(value), value));
    return found;
  });
  const texts = [...new Set([...names.flatMap((n) => wrappers.map((wrap) => wrap(n))), ...mixedTraffic().en, ...fixtureTexts])];
  let compared = 0;
  for (const count of [2, 3, 4, 12]) {
    const choices = Array.from({ length: count }, (_, i) => ({ value: `choice ${String.fromCharCode(97 + i)}` }));
    for (const text of texts.filter((t) => mayNamePosition(t, count))) {
      const [theirs] = recognizeChoices(text, choices, { locale: 'en-us' });
      const ours = findChoices(text, choices, { locale: 'en-us' })[0]?.resolution.index ?? namedPosition(text, count);
      expect({ text, count, index: ours }).toEqual({ text, count, index: theirs?.resolution.index });
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(1000);
});

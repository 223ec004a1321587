import { IqamaFineDialog } from '../../dialogs/iqamaFineDialog';
import { iqamaFineRules } from '../../knowledge/rules/iqamaFines';
import { buttonsOf, textOf } from '../support/conversation';
import { DialogChat, faqResponder } from '../support/dialogClient';

// Noon in Riyadh on Wednesday 2 December 2026 (22 Jumada al-Akhirah 1448): the coming Saturday is
// the 5th, next week's the 12th; last month is November.
const NOW = new Date('2026-12-02T09:00:00Z');

// The form alone, as the form host starts it: with the message that asked for it (the router's choice
// of this form for each first message here is checked in formHost.dialog.test.ts).
const fines = new IqamaFineDialog(faqResponder(), iqamaFineRules(), () => NOW);
const arabic = () => new DialogChat(fines, 'ar');
const english = () => new DialogChat(fines, 'en');

describe('a date and a count in one message are answered at once, whatever the words', () => {
  test.each<[string, () => DialogChat, string, string, RegExp]>([
    ['Egyptian, a day of last month, the second time', arabic, 'الاقامة خلصت ١٠ الشهر اللي فات ودي تاني مرة اتأخر، هدفع كام؟', '2026-11-10', /1,000 ريال/],
    ['Levantine, two weeks ago, never late', arabic, 'خلصت الإقامة من أسبوعين وما عمري تأخرت، قديش بدي ادفع؟', '2026-11-18', /500 ريال/],
    ['an employer, the count first', arabic, 'أول مرة نتأخر، السواق اللي عندي خلصت اقامته ٢٤/١١، وش المبلغ؟', '2026-11-24', /500 ريال/],
    ['English, counting this one', english, "My driver's iqama ran out on the 20th of last month; counting this one, it's three times in total. What happens?", '2026-11-20', /deportation/],
  ])('%s', async (_case, conversation, text, iso, consequence) => {
    const reply = textOf(await conversation().say(text));
    expect(reply).toContain(iso);
    expect(reply).toMatch(consequence);
    expect(reply).not.toMatch(/كم مرة تأخرت|How many times|تاريخ انتهاء إقامتك\?|هل تقصد|Do you mean/);
  });
});

describe('a weekday is restated as a question before anything is computed', () => {
  test('"this coming Saturday" is Saturday 5 December, asked, never 12 December', async () => {
    const conversation = english();
    const question = await conversation.say('My iqama expires this coming Saturday, what fine would I get?');
    expect(textOf(question)).toBe('Do you mean Saturday 5 December 2026?');
    expect(buttonsOf(question).map((b) => b.title)).toEqual(['Yes', 'No, another date']);
    const answer = textOf(await conversation.say('yes'));
    expect(answer).toContain('2026-12-05');
    expect(answer).toMatch(/still valid, with 3 days left/);
    expect(answer).not.toMatch(/12 December|2026-12-12/);
  });

  test('at the date question too, and "no" asks for the date again', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    const question = await conversation.say('هالسبت');
    expect(textOf(question)).toBe('هل تقصد السبت ٥ ديسمبر ٢٠٢٦؟');
    expect(textOf(await conversation.say('لا، تاريخ آخر'))).toMatch(/ما تاريخ انتهاء إقامتك/);
    // Last Thursday has passed whichever week was meant: expired either way, so the count comes next.
    expect(textOf(await conversation.say('الخميس اللي فات'))).toMatch(/كم مرة تأخرت/);
    expect(textOf(await conversation.say('ولا مرة'))).toMatch(/2026-11-26[\s\S]*500 ريال/);
  });

  test('a weekday that could be this week or next offers both', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    const question = await conversation.say('الخميس الجاي');
    expect(textOf(question)).toMatch(/يحتمل قراءتين/);
    expect(buttonsOf(question).map((b) => b.title)).toEqual(['الخميس ٣ ديسمبر ٢٠٢٦', 'الخميس ١٠ ديسمبر ٢٠٢٦']);
    expect(textOf(await conversation.say('الخميس ١٠ ديسمبر ٢٠٢٦'))).toMatch(/ما زالت سارية، ويتبقى على انتهائها ٨ أيام/);
  });

  test('a bare "10" is asked about, not guessed', async () => {
    const conversation = english();
    await conversation.say('iqama fines');
    const question = await conversation.say('10');
    expect(buttonsOf(question).map((b) => b.title)).toEqual(['Tuesday 10 November 2026', 'Thursday 10 December 2026']);
  });

  test('a weekday already past on every reading needs no question when the count is given', async () => {
    const reply = textOf(await arabic().say('خلصت اقامتي الخميس اللي فات، المرة الثانية، كم الغرامة؟'));
    expect(reply).toContain('2026-11-26');
    expect(reply).toMatch(/1,000 ريال/);
  });
});

describe('the date question does not fail forever', () => {
  test('after three misses it offers help and an officer, as the request form does', async () => {
    const conversation = arabic();
    await conversation.say('غرامات الإقامة');
    for (let miss = 1; miss <= 2; miss++) {
      const reply = await conversation.say('نعم');
      expect(textOf(reply)).toMatch(/لم أتمكن من قراءة التاريخ/);
      expect(buttonsOf(reply)).toHaveLength(0);
    }
    const third = await conversation.say('نعم');
    expect(textOf(third)).toMatch(/يسعدني تحويلك إلى أحد الموظفين/);
    expect(buttonsOf(third).map((b) => b.title)).toEqual(['لا أعرف التاريخ', 'التحدث مع موظف']);
    // The offer stands on every later miss, and the help button leads to how to find the date.
    expect(buttonsOf(await conversation.say('نعم')).map((b) => b.title)).toContain('التحدث مع موظف');
    expect(textOf(await conversation.say('لا أعرف التاريخ'))).toMatch(/أبشر/);
  });

  test('the officer button leaves the form', async () => {
    const conversation = english();
    await conversation.say('iqama fines');
    for (let miss = 1; miss <= 3; miss++) await conversation.say('yes');
    const reply = textOf(await conversation.say('Talk to an officer'));
    expect(reply).not.toMatch(/could not read that date|expiry date/);
    // The form has ended: the router takes the request for an officer (formHost.dialog.test.ts).
    expect(conversation.ended).toBe(true);
  });
});

describe('"expired again": expired already, and the count from the same message', () => {
  test.each<[string, () => DialogChat, string, RegExp]>([
    ['English', english, 'I was late once before and now my iqama expired again. How much?', /SAR 1,000/],
    ['English, an employer', english, "Our maid's iqama has expired again — we were late with it once before. What will we pay?", /SAR 1,000/],
    ['Saudi', arabic, 'تأخرت مرة قبل، والحين انتهت اقامتي مرة ثانية، كم الغرامة؟', /1,000 ريال/],
    ['Egyptian', arabic, 'الاقامة خلصت تاني، اتأخرت مرة قبل كده، هدفع كام؟', /1,000 ريال/],
  ])('%s', async (_case, conversation, text, fine) => {
    const reply = textOf(await conversation().say(text));
    expect(reply).toMatch(fine);
    expect(reply).toMatch(/has expired|قد انتهت/);
    expect(reply).not.toMatch(/still valid|ما زالت سارية|expires today|تنتهي اليوم/);
  });
});

import { asksForHuman } from '../../dialogs/handoff/handoffEntry';
import { content } from '../../knowledge/content';
import { recognizeIntent, recognizeServicePhrase } from '../../knowledge/recognizeIntent';
import { mixedTraffic } from '../bench/mixedTraffic';

const { intents } = content().lexicon;
const messages = [
  ...Object.values(mixedTraffic()).flat(),
  ...intents.staff.flatMap((phrase) => [phrase, `${phrase} please`, `ابي ${phrase}`]),
  ...intents.fines.slice(0, 5),
  ...intents.greet,
  'خلصت الاقامه وهذي ثاني مره',
];

test('a message names staff in a service phrase exactly when it is read as asking for staff', () => {
  for (const text of messages) expect([text, recognizeServicePhrase(text) === 'staff']).toEqual([text, recognizeIntent(text) === 'staff']);
});

test('a service phrase is the service the message is read as asking for, and a message with none is read as fines, a greeting or nothing', () => {
  for (const text of messages) {
    const named = recognizeServicePhrase(text);
    if (named) expect(recognizeIntent(text)).toBe(named);
    else expect([undefined, 'fines', 'greet']).toContain(recognizeIntent(text));
  }
});

test('asking for a person, in a short message', () => {
  expect(asksForHuman('ابي اكلم موظف')).toBe(true);
  expect(asksForHuman('كم غرامة تأخير تجديد الإقامة')).toBe(false);
});

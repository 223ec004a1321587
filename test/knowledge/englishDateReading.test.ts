import { saudiToday } from '../../knowledge/dates/calendarDay';
import { mayHoldEnglishDate, parseEnglishDate, recogniseEnglishDate } from '../../knowledge/dates/englishDates';
import { readEnglishDurations } from '../../knowledge/dates/englishDurations';
import { readEnglishRelativeDates } from '../../knowledge/dates/englishRelativeDates';
import { parseNamedDate } from '../../knowledge/dates/namedDates';
import { parseDate } from '../../knowledge/dates/parseDate';
import { DEV_SET, HOLDOUT_SET, readDevSet } from '../eval/faqEvaluation';
import { readDateExpressions } from './dateExpressions';

/**
 * The pre-check that spares most messages the English date recogniser must never change a reading:
 * every text reads the same with it as through the recogniser alone. The texts: the date expression
 * tables and every question of the FAQ sets (most hold no date; those that do must pass).
 */
const texts = [
  ...readDateExpressions().rows.map((r) => r.text),
  ...readDateExpressions('date-expressions-holdout.json').rows.map((r) => r.text),
  ...[...readDevSet(DEV_SET), ...readDevSet(HOLDOUT_SET)].map((q) => q.q),
  'my iqama expired on the 3rd of sept', 'it ran out a fortnight back', 'expired last tuesday', 'since christmas', 'two weeks ago', 'renewal due in a couple of months',
  'it expired in 2024', 'late three times', 'my 2nd renewal', 'expired on the 3rd',
]
  .filter((text) => /[a-z]/i.test(text))
  .map((text) => text.toLowerCase());

test('every text reads the same with the pre-check as through the recogniser alone', () => {
  const context = { today: saudiToday(readDateExpressions().reference) };
  const changed = texts.filter((text) => JSON.stringify(parseEnglishDate(text, context)) !== JSON.stringify(recogniseEnglishDate(text, context)));
  expect(changed).toEqual([]);
});

test('most questions hold no date and skip the recogniser', () => {
  const questions = readDevSet(DEV_SET).filter((q) => q.lang === 'en').map((q) => q.q);
  const skipped = questions.filter((q) => !mayHoldEnglishDate(q));
  expect(skipped.length / questions.length).toBeGreaterThan(0.5);
  expect(mayHoldEnglishDate('what is tawasul')).toBe(false);
  expect(mayHoldEnglishDate('my iqama expired 3 weeks ago')).toBe(true);
  expect(mayHoldEnglishDate('is it true you get deported if late three times')).toBe(false);
});

test('a unit of time the pre-check passes over ("working days", "per month") is one in which the recogniser finds no day', () => {
  const context = { today: saudiToday(readDateExpressions().reference) };
  const units = ['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'fortnight', 'decade', 'weekend'];
  const before = [
    '', 'in', 'for', 'since', 'per', 'working', 'business', 'how many', 'what', 'every', 'many', 'within', 'after', 'during', 'on the', 'of the', 'the end of the',
    'the same', 'the other', 'last', 'next', 'this', 'past', 'a', 'one', 'two', '3', 'a few', 'a couple of', 'several', 'whole', 'all', 'mid', 'early this',
    'in the middle of the', 'first', 'another', 'half a', 'twenty', 'fifteen', 'in 10 working', 'less than', 'around', 'once a', 'that', 'my', 'any', 'no', 'the current',
  ];
  const after = ['', 'ago', 'back', 'from now', 'to date', 'left', 'fee', 'the max'];
  const passedOver = units.flatMap((unit) => before.flatMap((b) => after.map((a) => `my iqama expired ${b} ${unit} ${a}`.replace(/\s+/g, ' ').trim()))).filter((text) => !mayHoldEnglishDate(text));
  expect(passedOver).toEqual(expect.arrayContaining(['my iqama expired working days', 'my iqama expired per month fee', 'my iqama expired how many days']));
  expect(passedOver.filter((text) => recogniseEnglishDate(text, context) !== undefined)).toEqual([]);
  // A word that only begins like a month or a weekday is neither; a request number's digits are no date.
  for (const text of ['can a friend apply for me', 'is the money refunded', 'maybe i was married abroad', 'my request number is tw-2026-000123']) {
    expect(mayHoldEnglishDate(text)).toBe(false);
    expect(recogniseEnglishDate(text, context)).toBeUndefined();
  }
});

test('a long story is read around its date words, and gives the same day as its date alone', () => {
  const { reference } = readDateExpressions();
  const story = (date: string) =>
    `Hello sir, I am working as a driver with the same company and my kafeel is good but very busy, he asked me to check by myself. ${date}, and it is my first time to be late with the renewal, so please tell me how much I have to pay and what I should do now.`;
  for (const date of ['My iqama expired on 14 November 2026', 'my iqama finished two weeks ago', 'the iqama ran out last Tuesday']) {
    const alone = parseDate(date, { reference });
    expect(alone.kind).not.toBe('none');
    expect(parseDate(story(date), { reference })).toEqual(alone);
  }
});

test('the relative dates read without the recogniser read exactly as the recogniser reads them', () => {
  const context = { today: saudiToday(readDateExpressions().reference) };
  const counts = ['1', '3', '14', 'a', 'an', 'two', 'twelve'];
  const phrases = [
    ...counts.flatMap((n) => ['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'].map((unit) => `${n} ${unit} ago`)),
    ...counts.flatMap((n) => ['day', 'days', 'week', 'weeks'].map((unit) => `in ${n} ${unit}`)),
    'yesterday', 'today', 'tomorrow', 'the day before yesterday',
  ];
  const wrappers = [(p: string) => p, (p: string) => `my iqama expired ${p}, how much is the fine?`, (p: string) => `i came to ksa 3 years ago and my iqama ran out ${p}`, (p: string) => `${p} my residency finished and this is the second time`];
  const texts = phrases.map((p, i) => wrappers[i % wrappers.length](p));
  const differ = texts.filter((text) => JSON.stringify(parseEnglishDate(text, context)) !== JSON.stringify(recogniseEnglishDate(text, context)));
  expect(differ).toEqual([]);
});

test('a count and a unit read without the recogniser ("for 2 years", "is 7 days the max?", "7 working days") read exactly as the recogniser reads them', () => {
  const context = { today: saudiToday(readDateExpressions().reference) };
  const counts = ['0', '1', '3', '7', '14', '100', '007', 'a', 'an', 'one', 'two', 'seven', 'twelve', 'twenty', 'twenty one', '1.5', '1,000', 'half a'];
  const units = ['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'working days', 'business day', 'working weeks', 'fortnight', 'hours'];
  const before = [
    '', 'for', 'since', 'in', 'within', 'after', 'by', 'till', 'until', 'before', 'from', 'during', 'over', 'about', 'around', 'nearly', 'every', 'per',
    'next', 'the next', 'within the next', 'in the next', 'last', 'the last', 'past', 'the past', 'this', 'the', 'my', 'first', 'the first', 'coming', 'following',
    'on', 'at', 'on the', 'on or after', 'in or after', 'for since', 'in after', 'for after', 'starting from', 'as early as', 'any time from', 'later than',
    'more than', 'less than', 'for more than', 'at least', 'up to', 'and', 'or', 'twenty', 'one hundred and', '1,', '2 or', '-', 'is', 'fee', 'vs', 'only',
    'wait for', 'valid for', 'renew for', 'fees for', 'it took', 'it takes', 'no reply after', 'what if i wait', 'i have been here for', 'once in',
  ];
  const after = [
    '', '?', '.', '!', ',', ' ago', ' later', ' earlier', ' back', ' from now', ' from today', ' hence', ' before expiry', ' after expiry', ' prior to that',
    ' in advance', ' and a half', ' and half', ' and 2 hours', ' 2 hours', ' 3 months', ', 2 hours', ' or more', ' or less', ' to 10 days', ' at 5pm',
    ' on sunday', ' of leave', ' the max', ' the fine?', ' vs 10 years', ' fee', ' only', ' to renew', ' please', ', how much?', '. how much?', ' left',
    ' in a row', ' in the future', ' now', ' straight', ' a week', ' twice', ' more', ' plus', ' since then', ' by now', ' late',
  ];
  const wrappers = [
    (p: string) => p,
    (p: string) => `how much is the iqama renewal fee ${p}`,
    (p: string) => `my iqama expired ${p} and this is the second time`,
    (p: string) => `what happens if it is ${p}, do i pay the fine or not`,
    (p: string) => `hello sir, i am working as a driver with the same company and my kafeel is very busy, ${p} and it is my first time to be late with the renewal, so please tell me what i should pay`,
  ];
  // Every count with every unit after every placing word, and every placing word before every following one over the counts and units in turn.
  const phrases = [
    ...counts.flatMap((n) => units.flatMap((unit) => ['', 'for', 'since', 'in', 'within', 'after', 'next'].map((b) => `${b} ${n} ${unit}`))),
    ...before.flatMap((b, i) => after.map((a, j) => `${b} ${counts[(i * 7 + j) % counts.length]} ${units[(i + j) % units.length]}${a}`)),
  ].map((p) => p.trim().replace(/\s+/g, ' '));
  // The recogniser places a duration by the words before the first place its text occurs.
  const repeated = ['', 'for', 'since', 'in', 'after', 'is', 'fee'].flatMap((b, i) =>
    ['', 'for', 'is', 'within', 'since', '1'].map((c, j) => `${b} ${counts[i + j]} ${units[i + j]} is enough, i waited ${c} ${counts[i + j]} ${units[i + j]}`.trim().replace(/\s+/g, ' ')),
  );
  const asked = [
    'how much is the iqama renewal fee for 1 year', 'how much is iqama renewal fee for one year?', 'passport fees for 5 years', 'is 7 days the max for jawazat to respond?',
    'saudi passport fee 5 years vs 10 years', 'what should i do if i get no reply after 7 working days?',
  ];
  // "more than" or "less than" anywhere before a duration joins it to them.
  const modified = ['more than', 'less than'].flatMap((m) => ['for', 'in', 'is', ''].map((b, i) => `i paid ${m} 500 riyals ${b} ${counts[i + 1]} ${units[i + 6]}`.replace(/\s+/g, ' ')));
  const texts = [...asked, ...repeated, ...modified, ...phrases.map((p, i) => wrappers[i % wrappers.length](p))];
  // The texts decided because a duration was read: the others go to the recogniser whole, or are read as before.
  const decided = texts.filter((text) => {
    if (!mayHoldEnglishDate(text)) return false;
    const days = readEnglishRelativeDates(text, context);
    const { rest } = readEnglishDurations(text, days.rest, context);
    return rest !== days.rest && !mayHoldEnglishDate(rest);
  });
  expect(decided.length).toBeGreaterThan(500);
  expect(decided).toEqual(expect.arrayContaining(asked));
  const differ = decided.filter((text) => JSON.stringify(parseEnglishDate(text, context)) !== JSON.stringify(recogniseEnglishDate(text, context)));
  expect(differ).toEqual([]);
});

test('a month named without its day reads as the recogniser reads it, on any day of the year', () => {
  const months = ['january', 'march', 'october', 'december', 'jan', 'sept', 'oct', 'dec'];
  const phrases = months.flatMap((m) => [`in ${m}`, m, `last ${m}`, `next ${m}`, `this ${m}`, `${m} 2024`, `in ${m}, 2025`]);
  const wrappers = [(p: string) => p, (p: string) => `it expired sometime ${p}, first time i'm late. how much?`, (p: string) => `my iqama ran out ${p} and this is the second time`];
  // Today in the named month, before it and after it: the recogniser's year depends on which.
  for (const today of ['2026-01-01', '2026-03-15', '2026-10-01', '2026-10-15', '2026-12-02']) {
    const texts = phrases.map((p, i) => wrappers[i % wrappers.length](p));
    const differ = texts.filter((text) => JSON.stringify(parseEnglishDate(text, { today })) !== JSON.stringify(recogniseEnglishDate(text, { today })));
    expect(differ).toEqual([]);
  }
  // The verb is not the month: "may" stays with the recogniser.
  expect(parseEnglishDate('my iqama may expire soon', { today: '2026-12-02' })).toEqual(recogniseEnglishDate('my iqama may expire soon', { today: '2026-12-02' }));
});

test('English month abbreviations are month names, read without the recogniser: "Nov 14 2026", "5 Nov 2026", "the 3rd of Sept"', () => {
  const reference = new Date('2026-12-02T09:00:00Z');
  const context = { today: '2026-12-02' };
  for (const [short, long] of [
    ["I've been in KSA for 3 years, this is my 2nd iqama renewal but my first time being late. It expired Nov 14 2026. Fine?", 'It expired November 14 2026'],
    ['Late once in 2022 and once in 2024, and now again — expired 16 Nov 2026. How much this time?', 'expired 16 November 2026'],
    ['expired on the 3rd of Sept', 'expired on the 3rd of September'],
  ]) {
    expect(parseNamedDate(short.toLowerCase(), context)).toBeDefined();
    expect(parseDate(short, { reference })).toEqual(parseDate(long, { reference }));
  }
});

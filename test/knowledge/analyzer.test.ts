import { analyze, MAX_STEMMED_WORD } from '../../knowledge/text/analyzer';

// The lexicon is written by people: with or without hamza and ة, it must meet the words it names. Each side is
// compared with terms written here by hand, so an analyser that returned nothing (or anything constant) fails.
test.each([
  ['مؤسسة', 'منشأة', ['منشا']],
  ['عائلتي', 'المكفولين', ['مكفول']],
  ['رسالة', 'الرسائل', ['رسايل']],
  ['اشيك على طلبي', 'متابعة طلبي', ['متابع', 'طلب']],
  // The lexicon names the bare word; the article or a preposition written joined still meets it.
  ['بالرساله', 'الرسائل', ['رسايل']],
  ['السبعه ايام', '7 أيام', ['7', 'ايام']],
  ['seven days', '7 days', ['7', 'dai']],
])('"%s" is analysed as the document\'s word "%s"', (chat, documentWord, terms) => {
  expect(analyze(chat)).toEqual(terms);
  expect(analyze(documentWord)).toEqual(terms);
});

describe('words longer than any real word', () => {
  // natural's Porter stemmer is quadratic in a word's length: 50,000 letters with no vowels took seconds.
  test('are kept unstemmed, and cost nothing however long', () => {
    const word = 'bcdfghjklmnpqrstvwxz'.repeat(2500);
    const started = performance.now();
    expect(analyze(`${word}?`)).toEqual([word]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  test(`a word of ${MAX_STEMMED_WORD} letters is still stemmed`, () => {
    expect(analyze(`${'a'.repeat(MAX_STEMMED_WORD - 3)}ing`)[0]).toBe('a'.repeat(MAX_STEMMED_WORD - 3));
  });
});

test('a preposition with a pronoun joined carries no topic', () => {
  expect(analyze('يتكلمون عنه')).toEqual(analyze('يتكلمون'));
  expect(analyze('وش يفرق فيني')).toEqual(analyze('وش يفرق'));
});

test('residents and the Muqeem portal are different words', () => {
  expect(analyze('للمقيمين')).toEqual(analyze('الوافدين'));
  expect(analyze('للمقيمين')).not.toEqual(analyze('عن طريق مقيم').slice(-1));
  expect(analyze('عن طريق مقيم')).toContain(analyze('بوابة مقيم')[1]);
});

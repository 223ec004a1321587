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

describe('cue phrases', () => {
  // A cue is found among the text's words whatever stands between them; apostrophes belong to the words some cues are written with.
  test.each([
    ['how much is the fine', '#amount'],
    ['!!! how much is the fine???', '#amount'],
    ['(how much) — is the fine', '#amount'],
    ["what's tawasul", '#definition'],
    ["I didn't renew my iqama, what now?", '#consequence'],
    ["what's the fee? how much", '#amount'],
  ])('"%s" carries %s', (text, cue) => {
    expect(analyze(text)).toContain(cue);
  });

  test.each([
    ['what is how muchever', '#amount'],
    ['how  muchness', '#amount'],
    ["what'sup tawasul", '#definition'],
    ["xdidn't renew", '#consequence'],
  ])('"%s" does not carry %s: a phrase is whole words, apostrophe and all', (text, cue) => {
    expect(analyze(text)).not.toContain(cue);
  });

  test('cue terms come after the word terms, in the lexicon\'s order of cues, each once', () => {
    const terms = analyze('how much how much, what is it?');
    expect(terms.filter((t) => t.startsWith('#'))).toEqual(['#definition', '#amount']);
    expect(terms.findIndex((t) => t.startsWith('#'))).toBe(terms.length - 2);
  });
});

test('a word read again, after thousands of other words, gets the same terms', () => {
  const questions = ['كم رسوم تجديد الاقامه للمقيمين', 'how much are the renewal fees for relatives', "what's tawasul"];
  const first = questions.map((q) => analyze(q));
  for (let i = 0; i < 25_000; i++) analyze(`zq${i.toString(36)}x`);
  expect(questions.map((q) => analyze(q))).toEqual(first);
});

describe('characters beyond the Basic Multilingual Plane', () => {
  // Such a text is split by the regular expression, which reads a surrogate pair as one character; every other text is not.
  test.each([
    ['how much 🙂 is the fine', ['how', 'much', 'fine', '#amount']],
    ['كم رسوم 🙂 الاقامه', ['كم', 'رسوم', 'اقام', '#amount', '#fee']],
    ['fee👍', ['fee', '#fee']],
    ['🙂', []],
    // A letter written as a surrogate pair is a letter: one word with its neighbours.
    ['𠀀𠀁 fee', ['𠀀𠀁', 'fee', '#fee']],
  ])('"%s" is analysed as its words', (text, terms) => {
    expect(analyze(text)).toEqual(terms);
  });

  test('an emoji separates words as punctuation does', () => {
    expect(analyze('كم رسوم👍الاقامه؟')).toEqual(analyze('كم رسوم، الاقامه؟'));
  });
});

import { analyze } from '../../knowledge/text/analyzer';

// The lexicon is written by people: with or without hamza and ة, it must meet the words it names. Each side is
// compared with terms written here by hand, so an analyser that returned nothing (or anything constant) fails.
test.each([
  ['مؤسسة', 'منشأة', ['منشا']],
  ['عائلتي', 'المكفولين', ['مكفول']],
  ['رسالة', 'الرسائل', ['رسايل']],
  ['اشيك على طلبي', 'متابعة طلبي', ['متابع', 'طلب']],
])('"%s" is analysed as the document\'s word "%s"', (chat, documentWord, terms) => {
  expect(analyze(chat)).toEqual(terms);
  expect(analyze(documentWord)).toEqual(terms);
});

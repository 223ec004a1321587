import { analyze } from '../../knowledge/text/analyzer';

// The lexicon is written by people: with or without hamza and ة, it must meet the words it names.
test.each([
  ['مؤسسة', 'منشأة'],
  ['عائلتي', 'المكفولين'],
  ['رسالة', 'الرسائل'],
  ['اشيك على طلبي', 'متابعة طلبي'],
])('"%s" is analysed as the document\'s word "%s"', (chat, documentWord) => {
  expect(analyze(chat)).toEqual(analyze(documentWord));
});

import fc from 'fast-check';
import { splitText, stripCitationMarkers, stripMarkdown } from '../../../bot/rendering/plainText';

test.each([
  ['**عقوبات عدم التجديد**\n\nنص', 'عقوبات عدم التجديد\n\nنص'],
  ['See [the guide](https://www.gdp.gov.sa/tawasul) now', 'See the guide (https://www.gdp.gov.sa/tawasul) now'],
  ['an *emphasised* word', 'an emphasised word'],
  ['## Heading\ntext', 'Heading\ntext'],
  ['- a list item stays\n- as it reads', '- a list item stays\n- as it reads'],
  ['2 * 3 * 4 stays arithmetic', '2 * 3 * 4 stays arithmetic'],
  ['the `code` mark', 'the code mark'],
])('stripMarkdown(%j) reads %j', (markdown, plain) => {
  expect(stripMarkdown(markdown)).toBe(plain);
});

test.each([
  ['المصدر: دليل الخدمة [1]', 'المصدر: دليل الخدمة'],
  ['Source: the guide [1]\n\n[1]: cite:1 "x"', 'Source: the guide\n\n[1]: cite:1 "x"'],
])('stripCitationMarkers(%j) reads %j', (text, stripped) => {
  expect(stripCitationMarkers(text)).toBe(stripped);
});

test('splitText prefers a sentence end over a cut mid-sentence', () => {
  const text = 'أولاً جملة قصيرة. ' + 'ثم جملة أطول بكثير من الأولى بكلمات عديدة.';
  expect(splitText(text, 40)).toEqual(['أولاً جملة قصيرة.', 'ثم جملة أطول بكثير من الأولى بكلمات', 'عديدة.']);
});

test('splitText never exceeds the limit and loses or cuts no word that fits in a message', () => {
  const word = fc.stringMatching(/^[a-zء-ي0-9]{1,19}$/);
  const separator = fc.constantFrom(' ', '. ', '\n', '\n\n', '، ');
  const text = fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 200 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
  fc.assert(
    fc.property(text, fc.integer({ min: 20, max: 1600 }), (input, max) => {
      const pieces = splitText(input, max);
      expect(pieces.every((piece) => piece.length <= max && piece.length > 0)).toBe(true);
      const words = (s: string) => s.split(/[\s.،]+/).filter(Boolean);
      expect(pieces.flatMap(words)).toEqual(words(input));
    }),
  );
});

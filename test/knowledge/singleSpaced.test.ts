import fc from 'fast-check';
import { singleSpaced } from '../../knowledge/text/singleSpaced';

test('white space is what replacing every run with one space and trimming gives, whatever the spaces', () => {
  const spaced = fc.array(fc.constantFrom('a', 'ب', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', ' \t ', '؟', '\u200f'), { maxLength: 30 }).map((parts) => parts.join(''));
  fc.assert(fc.property(fc.oneof(spaced, fc.string()), (text) => expect(singleSpaced(text)).toBe(text.replace(/\s+/g, ' ').trim())), { numRuns: 2000 });
});

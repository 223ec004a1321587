import { catalogueKeys, message } from '../../knowledge/messages';

test('Arabic and English catalogues have the same keys', () => {
  const { ar, en } = catalogueKeys();
  expect(ar).toEqual(en);
});

test('placeholders are filled, and Arabic wording is Arabic', () => {
  expect(message('ar', 'tooLong', { max: 1000 })).toContain('1000');
  expect(message('en', 'tooLong', { max: 1000 })).toContain('1000');
  for (const key of catalogueKeys().ar) expect(message('ar', key as never)).toMatch(/[\u0600-\u06FF]/);
});

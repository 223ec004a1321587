import { utf8Bytes, withUtf8 } from '../../platform/utf8Scratch';

const texts = ['', 'plain ascii', 'عربي مع "اقتباس" و١٢٣', 'emoji 👋 and a lone \ud800 surrogate', 'ب'.repeat(32_766), 'ب'.repeat(32_767), 'ب'.repeat(40_000), '👋'.repeat(16_383) + 'a'];

test.each(texts.map((text) => [text.slice(0, 20), text]))('the bytes of "%s…" are its UTF-8, as Buffer.from makes them', (_, text) => {
  const expected = Buffer.from(text, 'utf8');
  expect(utf8Bytes(text).equals(expected)).toBe(true);
  expect(withUtf8(text, (bytes, length) => bytes.subarray(0, length).equals(expected))).toBe(true);
});

test('a body keeps its bytes after the next text is encoded', () => {
  const first = utf8Bytes('{"activities":[{"text":"رقم الهوية 1012345678"}]}');
  utf8Bytes('x'.repeat(100));
  expect(first.toString('utf8')).toBe('{"activities":[{"text":"رقم الهوية 1012345678"}]}');
});

test('what was typed is not left behind in the shared buffer once used', () => {
  let shared: Buffer | undefined;
  let length = 0;
  withUtf8('my id is 1012345678', (bytes, n) => {
    shared = bytes;
    length = n;
  });
  expect(shared!.subarray(0, length).every((byte) => byte === 0)).toBe(true);
});

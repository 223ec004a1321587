import { jsonDataCopy, NOT_PLAIN_DATA } from '../../bot/jsonDataCopy';

/** JSON.parse(JSON.stringify(x)) and the copy agree on everything a reader could tell apart. */
function expectSameAsJsonRoundTrip(data: unknown) {
  const copy = jsonDataCopy(data);
  const roundTrip: unknown = JSON.parse(JSON.stringify(data));
  expect(JSON.stringify(copy)).toBe(JSON.stringify(roundTrip));
  expect(copy).toStrictEqual(roundTrip);
  return copy as Record<string, any>;
}

describe('a copy of plain JSON data is what a JSON round trip makes of it', () => {
  test.each([
    ['a state as botbuilder keeps it', { language: 'ar', dialogState: { dialogStack: [{ id: 'form', state: { stepIndex: 0, values: { mobile: '0500000000' } } }] } }],
    ['strings JSON must escape', { text: 'quote " backslash \\ \u2028 lone \ud800 عربي 👋\n' }],
    ['numbers', { numbers: [0, 1e21, 1.5e-7, 0.30000000000000004, -1, Number.MAX_VALUE] }],
    ['empty and nested', { empty: {}, list: [[], [{}], null, true, false] }],
    ['integer-like keys', { b: 1, 10: 'ten', 2: 'two', a: 2 }],
  ])('%s', (_name, data) => {
    expectSameAsJsonRoundTrip(data);
  });

  test('-0 becomes 0, as JSON writes it', () => {
    expect(Object.is((expectSameAsJsonRoundTrip({ n: -0 }) as { n: number }).n, 0)).toBe(true);
  });

  test('a property named __proto__ stays a property of its own, and the prototype stays Object’s', () => {
    const copy = expectSameAsJsonRoundTrip(JSON.parse('{"__proto__": {"own": 1}, "x": 2}'));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
  });

  test('the copy shares nothing with the original', () => {
    const data = { list: [{ n: 1 }] };
    const copy = jsonDataCopy(data) as typeof data;
    copy.list[0].n = 2;
    copy.list.push({ n: 3 });
    expect(data).toEqual({ list: [{ n: 1 }] });
  });

  test.each([
    ['undefined in an object', { a: undefined }],
    ['undefined in an array', [undefined]],
    ['a hole in an array', [1, , 3]],
    ['a function', { f: () => 1 }],
    ['a Date', { at: new Date(0) }],
    ['a toJSON', { toJSON: () => 'x' }],
    ['NaN', { n: NaN }],
    ['Infinity', { n: Infinity }],
    ['a class instance', { m: new Map() }],
    ['a bigint', { n: 1n }],
    ['a symbol', { s: Symbol('s') }],
  ])('%s is not copied', (_name, data) => {
    expect(jsonDataCopy(data)).toBe(NOT_PLAIN_DATA);
  });
});

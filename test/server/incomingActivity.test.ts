import fc from 'fast-check';
import { IncomingActivity, IncomingActivitySchema } from '../../server/incomingActivity';

/**
 * POST /api/messages checks bodies with the schema compiled by zod. What a caller gets must be what
 * the schema itself gives, for every body: the same verdict, the same parsed activity (keys in the
 * same order), and for a refusal the same issues, which the 400 quotes.
 */
type Verdict = { success: true; data: string } | { success: false; issues: unknown };

/** Every own key in order, undefined values kept (JSON.stringify would drop them). */
const written = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v === undefined ? '<undefined>' : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : v));

function verdict(schema: typeof IncomingActivitySchema, body: unknown): Verdict {
  const result = schema.safeParse(body);
  return result.success ? { success: true, data: written(result.data) } : { success: false, issues: result.error.issues };
}

const sameVerdict = (body: unknown) => expect(verdict(IncomingActivity, body)).toEqual(verdict(IncomingActivitySchema, body));

/** Strings at, just under and just over each bound the schema sets, in one- and two-unit characters. */
const sized = (max: number) =>
  fc.oneof(
    fc.constantFrom(max - 1, max, max + 1, 0, 1, 2).map((n) => 'a'.repeat(Math.max(n, 0))),
    fc.constantFrom(max - 1, max, max + 1).map((n) => '😀'.repeat(Math.ceil(Math.max(n, 0) / 2))),
    fc.constantFrom(max, max + 1).map((n) => 'ع'.repeat(n)),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
const odd = fc.constantFrom<unknown>(null, undefined, 0, 1, -1, true, '', ' ', [], {}, [[]], { id: 'x' }, [{ id: 'x' }], 'x', { toString: 1 }, 1e308, NaN);
const value = fc.oneof({ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 2, arbitrary: odd }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });
const deep = fc.integer({ min: 28, max: 40 }).map((levels) => {
  let nested: unknown = 'bottom';
  for (let i = 0; i < levels; i++) nested = i % 2 ? { a: nested } : [nested];
  return nested;
});
const big = fc.constantFrom(16, 17, 32, 33).map((kb) => ({ note: 'x'.repeat(kb * 1024 - 12) }));
const account = fc.oneof(fc.record({ id: sized(1024) }, { requiredKeys: [] }), fc.record({ id: fc.string(), name: fc.option(sized(1024)), role: fc.option(sized(64)), extra: value }, { requiredKeys: ['id'] }), odd);
const attachment = fc.oneof(
  fc.record({ contentType: sized(256), contentUrl: fc.option(sized(8192)), name: fc.option(sized(1024)), content: fc.oneof(value, deep, big) }, { requiredKeys: ['contentType'] }),
  odd,
);

/** Every field the schema names, each valid, near a bound, of the wrong type, null or absent. */
const fields: Record<string, fc.Arbitrary<unknown>> = {
  type: fc.oneof(fc.constant('message'), sized(64), odd),
  id: fc.oneof(sized(1024), odd),
  channelId: fc.oneof(fc.constantFrom('webchat', 'sms', 'msteams', 'test'), sized(64), odd),
  conversation: fc.oneof(fc.record({ id: sized(1024) }), fc.record({ id: fc.string(), isGroup: value }), odd),
  from: account,
  recipient: account,
  serviceUrl: fc.oneof(fc.constantFrom('https://smba.trafficmanager.net/', ''), sized(2048), odd),
  deliveryMode: fc.oneof(fc.constantFrom('expectReplies', 'normal'), sized(64), odd),
  text: fc.oneof(fc.string(), sized(4000), odd),
  textFormat: fc.oneof(fc.constantFrom('plain', 'markdown'), sized(64), odd),
  locale: fc.oneof(fc.constantFrom('ar-SA', 'en-US'), sized(35), odd),
  timestamp: fc.oneof(fc.constant('2026-12-03T09:00:00.000Z'), sized(64), odd),
  localTimestamp: fc.oneof(sized(64), odd),
  localTimezone: fc.oneof(sized(64), odd),
  replyToId: fc.oneof(sized(1024), odd),
  name: fc.oneof(sized(256), odd),
  attachments: fc.oneof(fc.array(attachment, { maxLength: 22 }), odd),
  entities: fc.oneof(fc.array(fc.oneof(fc.record({ type: fc.option(sized(256)), text: value }, { requiredKeys: [] }), odd), { maxLength: 22 }), odd),
  membersAdded: fc.oneof(fc.array(account, { maxLength: 4 }), fc.constant(Array.from({ length: 101 }, (_, i) => ({ id: `m${i}` }))), odd),
  membersRemoved: fc.oneof(fc.array(account, { maxLength: 4 }), odd),
  value: fc.oneof(value, deep, big),
  channelData: fc.oneof(value, deep, big),
  suggestedActions: value,
};
/** Keys no field is named after: passed through as they are. */
const otherKeys = ['__proto__', 'constructor', 'isGroup'];

const valid = { type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'bot' }, text: 'hi' };

/** A body as JSON.parse makes it: a key named __proto__ is an own property. */
function bodyOf(entries: [string, unknown][]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, v] of entries) Object.defineProperty(body, key, { value: v, enumerable: true, writable: true, configurable: true });
  return body;
}

const changed = fc
  .record({
    replace: fc.uniqueArray(fc.constantFrom(...Object.keys(fields), ...otherKeys), { maxLength: 4 }).chain((keys) =>
      fc.tuple(...keys.map((key) => (Object.hasOwn(fields, key) ? fields[key] : value).map((v): [string, unknown] => [key, v]))),
    ),
    remove: fc.subarray(Object.keys(valid), { maxLength: 2 }),
  })
  .map(({ replace, remove }) => bodyOf([...Object.entries(valid).filter(([key]) => !remove.includes(key)), ...replace]));

test('valid, near-valid and wrong bodies: the compiled schema answers as the schema does', () => {
  fc.assert(fc.property(changed, sameVerdict), { numRuns: 3000 });
});

test('any body at all: the compiled schema answers as the schema does', () => {
  const anyBody = fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom(...Object.keys(fields)), value, { maxKeys: 8 }));
  fc.assert(fc.property(anyBody, sameVerdict), { numRuns: 2000 });
});

test.each<[string, unknown]>([
  ['a plain message', valid],
  ['a message with every field', { ...valid, id: 'a1', serviceUrl: 'https://x/', textFormat: 'plain', locale: 'ar-SA', timestamp: 't', localTimestamp: 't', localTimezone: 'z', replyToId: 'r', name: 'n', attachments: [{ contentType: 'image/png', contentUrl: 'https://x/a.png', name: 'a.png', content: { a: 1 } }], entities: [{ type: 'clientInfo', locale: 'ar' }], membersAdded: [{ id: 'u', name: 'N', role: 'user' }], membersRemoved: [], value: { a: [1, 2] }, channelData: { clientActivityID: 'x' } }],
  ['nulls for every optional field', Object.fromEntries([...Object.entries(valid), ...['id', 'recipient', 'serviceUrl', 'text', 'locale', 'attachments', 'entities', 'value', 'channelData'].map((key) => [key, null])])],
  ['no serviceUrl and no expectReplies', { ...valid, deliveryMode: undefined }],
  ['an empty serviceUrl', { ...valid, deliveryMode: 'normal', serviceUrl: '' }],
  ['an array', [valid]],
  ['null', null],
  ['a string', 'message'],
  ['text past 4,000 characters', { ...valid, text: 'x'.repeat(4001) }],
  ['channelData nested 33 levels', { ...valid, channelData: JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`) }],
  ['an own __proto__ key', JSON.parse('{"type":"message","channelId":"webchat","deliveryMode":"expectReplies","conversation":{"id":"c","__proto__":{"x":1}},"from":{"id":"u"},"__proto__":{"polluted":true}}')],
])('%s: the compiled schema answers as the schema does', (_name, body) => sameVerdict(body));

import fc from 'fast-check';

/**
 * A fuzz of every HTTP endpoint with random and malformed requests: wrong types, huge strings, deep
 * nesting, invalid UTF-8, `__proto__` and `constructor` keys, bad and foreign tokens. Whatever is
 * sent, the server must answer below 500, never show a stack trace or a file path, log no error
 * (a turn that throws is answered 200 with an apology, and its conversation's state is wiped),
 * and stay up.
 * Shared by the suite (a fixed seed, a short budget) and `npm run fuzz` (a longer one, any seed).
 */

export interface FuzzTarget {
  baseUrl: string;
  staffToken: string;
  /** The service's log so far, when it runs in this process: a turn that failed on a request is a finding too. */
  logLines?: string[];
}

/** What the fuzz needs from the running service: a started Direct Line conversation to aim at. */
export interface Session {
  token: string;
  conversationId: string;
  userId: string;
}

type Body = { kind: 'json'; value: unknown } | { kind: 'text'; text: string; contentType: string } | { kind: 'bytes'; bytes: Uint8Array; contentType: string } | { kind: 'none' };

export interface FuzzRequest {
  endpoint: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  token: 'valid' | 'foreign' | 'garbage' | 'none' | 'staff';
  body: Body;
}

export interface FuzzOutcome {
  request: FuzzRequest;
  status: number;
  problem?: string;
}

/** A stack frame, a file of ours or a dependency's, or a TypeScript source line: none belongs in an answer. */
const LEAKS: [RegExp, string][] = [
  [/\n\s*at \S/, 'a stack trace'],
  [/\bat [\w.<>]+ \(/, 'a stack frame'],
  [/\/work\//, 'a file path (/work/)'],
  [/node_modules/, 'a file path (node_modules)'],
  [/\.[jt]s:\d+/, 'a source line'],
];

// ——— values ———

const hugeString = fc.oneof(
  fc.nat({ max: 60_000 }).map((n) => 'x'.repeat(n)),
  fc.nat({ max: 30_000 }).map((n) => '١'.repeat(n)),
  fc.nat({ max: 5_000 }).map((n) => 'bcdfghjklmnpqrstvwxz'.repeat(n)),
  fc.nat({ max: 20_000 }).map((n) => '1'.repeat(n)),
);
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\u202e', '؟', '?', 'متابعة طلب', 'تقديم طلب', 'help', 'English', 'عربي', '__proto__', 'constructor', '../../etc/passwd', '%00', '{"a":1}', 'TW-2026-000001', '0512345678'),
  hugeString,
);
// Deeper nesting than JSON.stringify can write is sent as raw text (below).
const nestedValue = fc.integer({ min: 1, max: 1_000 }).map((levels) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
});
const poisonKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: oddString },
  { weight: 1, arbitrary: nestedValue },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, [], {}, [[]], { toString: 1 }) },
  { weight: 1, arbitrary: fc.dictionary(poisonKeys, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
);

const ACTIVITY_FIELDS = ['text', 'locale', 'channelData', 'value', 'attachments', 'entities', 'membersAdded', 'recipient', 'timestamp', 'localTimezone', 'replyToId', 'textFormat', 'suggestedActions', 'type', 'from', 'conversation', 'channelId', 'serviceUrl', 'deliveryMode'];

/** A plausible activity with one field of the wrong type or size, or with several fields replaced, removed or added. */
const activityLike = (base: Record<string, unknown>) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ key: fc.oneof(fc.constantFrom('text', 'locale'), fc.constantFrom(...Object.keys(base), ...ACTIVITY_FIELDS)), value: anyValue }).map(({ key, value }) => ({ ...base, [key]: value })) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          replace: fc.dictionary(fc.constantFrom(...Object.keys(base), ...ACTIVITY_FIELDS), anyValue, { maxKeys: 3 }),
          remove: fc.subarray(Object.keys(base), { maxLength: 2 }),
          poison: fc.dictionary(poisonKeys, anyValue, { maxKeys: 2 }),
        })
        .map(({ replace, remove, poison }) => {
          const activity: Record<string, unknown> = { ...base };
          for (const key of remove) delete activity[key];
          for (const [key, value] of Object.entries(replace)) activity[key] = value;
          // As JSON.parse makes them: own properties named __proto__, not prototypes, which JSON.stringify then writes.
          for (const [key, value] of Object.entries(poison)) Object.defineProperty(activity, key, { value, enumerable: true, writable: true, configurable: true });
          return activity;
        }),
    },
  );

/** A well-formed activity saying anything, in a conversation of its own (or the started one), some mid-form. */
const sayAnything = (base: Record<string, unknown>, ownConversation: boolean) =>
  fc
    .record({ text: oddString, locale: fc.constantFrom('ar-SA', 'en-US', 'ar', undefined), conversation: fc.integer({ min: 0, max: 20 }) })
    .map(({ text, locale, conversation }) => ({ ...base, text, locale, ...(ownConversation ? { conversation: { id: `fuzz-${conversation}` } } : {}) }));

const bodyOf = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 6, arbitrary: value.map((v): Body => ({ kind: 'json', value: v })) },
    { weight: 1, arbitrary: anyValue.map((v): Body => ({ kind: 'json', value: v })) },
    {
      weight: 1,
      arbitrary: fc
        .record({ text: fc.constantFrom('{', '{"type":', '[1,2', '{"a":1}}', 'null', '"x"', '{"text":"\\ud800"}', '\u0000', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`), contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '') })
        .map(({ text, contentType }): Body => ({ kind: 'text', text, contentType })),
    },
    {
      weight: 1,
      // Bytes that are not UTF-8: lone continuation bytes, overlong forms, truncated sequences.
      arbitrary: fc
        .record({ bytes: fc.uint8Array({ maxLength: 200 }), wrap: fc.boolean(), contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain') })
        .map(({ bytes, wrap, contentType }): Body => {
          const bad = Uint8Array.from([...bytes, 0xc0, 0x80, 0xff, 0xe2, 0x82]);
          const framed = wrap ? Uint8Array.from([...Buffer.from('{"type":"message","text":"'), ...bad, ...Buffer.from('"}')]) : bad;
          return { kind: 'bytes', bytes: framed, contentType };
        }),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  );

const token = fc.constantFrom<FuzzRequest['token']>('valid', 'valid', 'foreign', 'garbage', 'none');
const idLike = fc.oneof(fc.constant('{conversation}'), fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.constant('x'.repeat(3_000)), fc.constant('%E0%A4%A'), fc.constant('..%2F..%2Fetc'));
const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }).map((s) => `?watermark=${encodeURIComponent(s)}`), fc.constantFrom('?watermark=-1', '?watermark=99999999999999', '?watermark=1e3', '?watermark[]=1', '?watermark=%ZZ', `?watermark=${'9'.repeat(5_000)}`));

/** Every endpoint, each a request to build. `{conversation}` is replaced by the started conversation's id. */
export function fuzzRequests(): fc.Arbitrary<FuzzRequest> {
  const messageBase = { type: 'message', channelId: 'fuzz', conversation: { id: 'fuzz-conversation' }, from: { id: 'fuzz-user' }, recipient: { id: 'bot' }, deliveryMode: 'expectReplies', text: 'help', locale: 'ar-SA' };
  const clientBase = { type: 'message', text: 'help', locale: 'ar-SA', from: { id: 'x' } };
  const staffStatus = { status: 'in_review', note: 'checked' };
  const request = (endpoint: string, method: FuzzRequest['method'], path: fc.Arbitrary<string>, tokens: fc.Arbitrary<FuzzRequest['token']>, body: fc.Arbitrary<Body>) =>
    fc.record({ endpoint: fc.constant(endpoint), method: fc.constant(method), path, token: tokens, body });
  const none = fc.constant<Body>({ kind: 'none' });
  const staffTokens = fc.constantFrom<FuzzRequest['token']>('staff', 'staff', 'garbage', 'none');
  const requestNumber = fc.oneof(fc.constantFrom('TW-2026-000001', 'TW-2026-999999', 'x', '%00', '..', 'TW-9999-000000'), fc.string({ maxLength: 20 }).map(encodeURIComponent));
  return fc.oneof(
    request('POST /api/messages', 'POST', fc.constant('/api/messages'), fc.constantFrom<FuzzRequest['token']>('none', 'garbage'), bodyOf(activityLike(messageBase))),
    request('POST /api/directline/token', 'POST', fc.constant('/api/directline/token'), token, bodyOf(fc.oneof(fc.record({ locale: anyValue }), fc.constant({ locale: 'ar-SA' })))),
    request('POST tokens/generate', 'POST', fc.constant('/v3/directline/tokens/generate'), token, bodyOf(fc.record({ user: anyValue }))),
    request('POST tokens/refresh', 'POST', fc.constant('/v3/directline/tokens/refresh'), token, bodyOf(anyValue)),
    request('POST conversations', 'POST', fc.constant('/v3/directline/conversations'), token, bodyOf(fc.record({ user: anyValue, locale: anyValue }, { requiredKeys: [] }))),
    request('GET conversation', 'GET', idLike.map((id) => `/v3/directline/conversations/${id}`), token, none),
    request('POST activities', 'POST', idLike.map((id) => `/v3/directline/conversations/${id}/activities`), token, bodyOf(activityLike(clientBase))),
    // Well-formed activities whose text is anything: these reach the bot and its recognisers.
    request('POST /api/messages (text)', 'POST', fc.constant('/api/messages'), fc.constant<FuzzRequest['token']>('none'), bodyOf(sayAnything(messageBase, true))),
    request('POST activities (own conversation, text)', 'POST', fc.constant('/v3/directline/conversations/{conversation}/activities'), fc.constant<FuzzRequest['token']>('valid'), bodyOf(sayAnything(clientBase, false))),
    request('POST activities (own conversation)', 'POST', fc.constant('/v3/directline/conversations/{conversation}/activities'), fc.constant<FuzzRequest['token']>('valid'), bodyOf(activityLike(clientBase))),
    request('GET activities', 'GET', fc.tuple(idLike, query).map(([id, q]) => `/v3/directline/conversations/${id}/activities${q}`), token, none),
    request('POST upload', 'POST', fc.constant('/v3/directline/conversations/{conversation}/upload'), token, bodyOf(anyValue)),
    request('GET attachment', 'GET', fc.tuple(idLike, idLike).map(([c, f]) => `/v3/directline/attachments/${c}/${f}`), fc.constant<FuzzRequest['token']>('none'), none),
    request('POST connector activities', 'POST', idLike.map((id) => `/v3/conversations/${id}/activities`), fc.constant<FuzzRequest['token']>('none'), bodyOf(activityLike({ type: 'message', text: 'reply' }))),
    request('GET staff requests', 'GET', fc.oneof(fc.constant(''), fc.dictionary(fc.constantFrom('status', 'category', 'from', 'to', 'overdue', 'offset', 'limit', '__proto__'), fc.string({ maxLength: 12 }), { maxKeys: 4 }).map((q) => `?${new URLSearchParams(q)}`)).map((q) => `/api/staff/requests${q}`), staffTokens, none),
    request('GET staff request', 'GET', requestNumber.map((n) => `/api/staff/requests/${n}`), staffTokens, none),
    request('PATCH staff status', 'PATCH', requestNumber.map((n) => `/api/staff/requests/${n}/status`), staffTokens, bodyOf(activityLike(staffStatus))),
    request('POST staff status', 'POST', requestNumber.map((n) => `/api/staff/requests/${n}/status`), staffTokens, bodyOf(activityLike(staffStatus))),
  );
}

/** A Direct Line conversation to aim the fuzz at, started as the page starts one. */
export async function startSession(baseUrl: string): Promise<Session> {
  const session = (await (await fetch(`${baseUrl}/api/directline/token`, { method: 'POST' })).json()) as { token: string; conversationId: string; userId: string };
  await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' }, body: '{}' });
  return session;
}

/** Sends one fuzz request and judges the answer. */
export async function send(target: FuzzTarget, session: Session, foreign: Session, request: FuzzRequest): Promise<FuzzOutcome> {
  const headers: Record<string, string> = {};
  const bearer = { valid: session.token, foreign: foreign.token, garbage: 'not.a.token', none: '', staff: target.staffToken }[request.token];
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let body: BodyInit | undefined;
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    // A value nested too deep for JSON.stringify is sent as the text JSON.parse would read it.
    try {
      body = JSON.stringify(request.body.value) ?? 'null';
    } catch {
      body = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    }
  } else if (request.body.kind === 'text') {
    if (request.body.contentType) headers['content-type'] = request.body.contentType;
    body = request.body.text;
  } else if (request.body.kind === 'bytes') {
    headers['content-type'] = request.body.contentType;
    body = new Blob([Buffer.from(request.body.bytes)]);
  }
  const url = `${target.baseUrl}${request.path.replaceAll('{conversation}', encodeURIComponent(session.conversationId))}`;
  let response: Response;
  try {
    response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    return { request, status: 0, problem: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  if (response.status >= 500) return { request, status: response.status, problem: `answered ${response.status}: ${text.slice(0, 300)}` };
  const leak = LEAKS.find(([pattern]) => pattern.test(text));
  if (leak) return { request, status: response.status, problem: `the answer shows ${leak[1]}: ${text.slice(0, 300)}` };
  return { request, status: response.status };
}

export interface FuzzReport {
  runs: number;
  /** Requests per endpoint and status, e.g. "POST /api/messages 400". */
  counts: Map<string, number>;
  failure?: string;
  seed: number;
}

/** Runs the fuzz against a running service. Throws nothing: the report says what failed, with fast-check's shrunk counterexample. */
export async function fuzzEndpoints(target: FuzzTarget, { seed, numRuns, timeLimitMs }: { seed: number; numRuns: number; timeLimitMs?: number }): Promise<FuzzReport> {
  const session = await startSession(target.baseUrl);
  const foreign = await startSession(target.baseUrl);
  const counts = new Map<string, number>();
  let runs = 0;
  const result = await fc.check(
    fc.asyncProperty(fuzzRequests(), async (request) => {
      const logged = target.logLines?.length ?? 0;
      const outcome = await send(target, session, foreign, request);
      // A turn that threw is answered with an apology (and its conversation's state wiped): the log says so.
      const failed = target.logLines?.slice(logged).find((line) => /"level":"error"/.test(line));
      if (failed && !outcome.problem) outcome.problem = `the service logged an error: ${failed.slice(0, 300)}`;
      runs++;
      const key = `${request.endpoint} ${outcome.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (outcome.problem) throw new Error(`${request.method} ${request.path.slice(0, 120)}: ${outcome.problem}`);
    }),
    { seed, numRuns, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false, endOnFailure: true },
  );
  const failure = result.failed ? fc.defaultReportMessage(result) ?? 'failed' : undefined;
  return { runs, counts, failure, seed };
}

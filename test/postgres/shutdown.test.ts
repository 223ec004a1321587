import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { spawnService } from '../support/serviceProcess';
import { testDatabase, TestDatabase } from '../support/postgres';

// Stopping the service right after a burst of turns, as a deployment does: the turns it is still
// working on (their callers gone) end first, every transcript line reaches the database before its
// pool closes, and the two signals a supervisor may send (SIGINT, then SIGTERM) shut it down once.
let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('a stop right after a burst of turns loses no transcript line, and two signals stop it once with exit code 0', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tawasul-shutdown-'));
  const service = spawnService({ DATABASE_URL: db.url, DATA_DIR: dataDir });
  try {
    const url = await service.listening;
    const conversations = Array.from({ length: 40 }, (_, i) => `shutdown-${i}`);
    const ask = (id: string) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id }, from: { id: `user-${id}`, role: 'user' }, recipient: { id: 'bot' }, text: 'what is tawasul' }),
      }).then(
        async (r) => (r.status === 200 && ((await r.json()) as { activities?: unknown[] }).activities?.length ? id : undefined),
        () => undefined,
      );
    const answered = (await Promise.all(conversations.map(ask))).filter((id): id is string => id !== undefined);
    // Then people who give up waiting: their turns go on in the service after the connections are
    // gone, and the stop comes while they do, with no connection open to hold it back.
    const gaveUp = Array.from({ length: 30 }, (_, i) => `gave-up-${i}`);
    const question = (id: string) => JSON.stringify({ type: 'message', channelId: 'webchat', deliveryMode: 'expectReplies', conversation: { id }, from: { id: `user-${id}`, role: 'user' }, recipient: { id: 'bot' }, text: 'كيف اقدم طلب في تواصل' });
    // The same question asked by someone who waits: what a whole turn leaves in the transcript.
    await (await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: question('waited') })).text();
    await Promise.all(
      gaveUp.map((id) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 20);
        return fetch(`${url}/api/messages`, {
          method: 'POST',
          signal: controller.signal,
          headers: { 'content-type': 'application/json' },
          body: question(id),
        }).catch(() => undefined);
      }),
    );
    service.child.kill('SIGINT');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output().match(/"shutting down"/g)).toHaveLength(1);
    expect(service.output()).not.toMatch(/more than once|Cannot use a pool|Error:/);
    const pool = new Pool({ connectionString: db.url });
    try {
      const { rows } = await pool.query<{ conversation_id: string; lines: number }>(
        'SELECT conversation_id, count(*)::int AS lines FROM transcript_lines WHERE conversation_id = ANY($1) GROUP BY conversation_id',
        [answered],
      );
      // Each conversation the person got an answer in: their question and the bot's answer.
      expect(answered.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.lines)).toEqual(answered.map(() => 2));
      // A turn the service had started when its caller left was finished: all its lines, as for one who waited.
      const count = 'SELECT count(*)::int AS lines FROM transcript_lines WHERE conversation_id = ANY($1) GROUP BY conversation_id';
      const whole = (await pool.query<{ lines: number }>(count, [['waited']])).rows[0].lines;
      const left = await pool.query<{ lines: number }>(count, [gaveUp]);
      expect(left.rows.length).toBeGreaterThan(0);
      expect(left.rows.filter((r) => r.lines !== whole)).toEqual([]);
    } finally {
      await pool.end();
    }
  } finally {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

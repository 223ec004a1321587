import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { spawnService } from '../support/serviceProcess';
import { testDatabase, TestDatabase } from '../support/postgres';

// Stopping the service right after a burst of turns, as a deployment does: the transcript lines
// the turns logged after answering reach the database before its pool closes, and the two signals a
// supervisor may send (SIGINT, then SIGTERM) shut it down once, cleanly.
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
    // The signals come as the first answer does, with the other turns still in flight.
    const turns = conversations.map(ask);
    await Promise.race(turns);
    service.child.kill('SIGINT');
    service.child.kill('SIGTERM');
    const answered = (await Promise.all(turns)).filter((id): id is string => id !== undefined);
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
    } finally {
      await pool.end();
    }
  } finally {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

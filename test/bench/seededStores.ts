import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { LowdbStorage } from '../../bot/lowdbStorage';
import { migrate } from '../../postgres/migrate';
import { LowdbRequestStore } from '../../requests/lowdbRequestStore';
import { newRequest } from '../../requests/newRequest';
import { formatRequestNumber, Request } from '../../requests/requestSchemas';
import { draftFor } from '../support/requestDrafts';

/**
 * Stores filled before a bench starts the service on them, directly and fast (in batches, not
 * through turns): `count` requests, numbered 1…count this year, each its person's (draftFor), and
 * `count` conversations left with a tracking form open, as people leave them, with their user state.
 * On PostgreSQL with a few multi-row INSERTs per batch; embedded, through the stores' own API.
 */
const BATCH = 5000;

/** The number of seeded request `n`, which tracking traffic looks up. */
export function seededNumber(n: number): string {
  return formatRequestNumber(new Date().getUTCFullYear(), n);
}

function requests(from: number, to: number, now: Date): Request[] {
  return Array.from({ length: to - from }, (_, i) => newRequest(draftFor(from + i + 1), seededNumber(from + i + 1), now));
}

/** A conversation that asked to track request n and left at the verifier question (state as the bot writes it). */
function storedConversation(n: number): { key: string; value: Record<string, unknown> }[] {
  const user = `stored-user-${n}`;
  const form = {
    id: 'trackRequestDialog',
    state: {
      dialogs: {
        dialogStack: [
          { id: 'trackForm', state: { options: { step: 'verifier', number: seededNumber(n) }, values: { instanceId: crypto.randomUUID() }, stepIndex: 0 } },
          {
            id: 'trackText',
            state: {
              options: { prompt: 'To confirm it is you, please enter one of these as given in the request: your ID or iqama number, your mobile number, or your email address.', validations: { step: 'verifier' } },
              state: {},
            },
          },
        ],
      },
    },
    version: '1342752983',
  };
  return [
    { key: `webchat/conversations/stored-${n}/`, value: { language: 'en', dialogState: { dialogStack: [form] } } },
    { key: `webchat/users/${user}/`, value: { userProfile: { language: 'en' } } },
  ];
}

function batches(count: number): [number, number][] {
  const all: [number, number][] = [];
  for (let from = 0; from < count; from += BATCH) all.push([from, Math.min(count, from + BATCH)]);
  return all;
}

/** A new database on the server at `adminUrl`, migrated and seeded; its URL. */
export async function seededDatabase(adminUrl: string, count: number): Promise<string> {
  const name = `bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 1 });
  try {
    await migrate(pool);
    const now = new Date();
    for (const [from, to] of batches(count)) {
      const bodies = JSON.stringify(requests(from, to, now));
      await pool.query(
        `INSERT INTO requests (number, national_id, mobile, status, category, created_at, submitted_on, due_date, body)
         SELECT b->>'number', b->>'nationalId', b->>'mobile', b->>'status', b->>'category', (b->>'createdAt')::timestamptz,
                ((b->>'createdAt')::timestamptz AT TIME ZONE 'Asia/Riyadh')::date, (b->>'dueDate')::date, b
         FROM jsonb_array_elements($1::jsonb) b`,
        [bodies],
      );
      await pool.query(
        `INSERT INTO request_history (number, at, status, note)
         SELECT b->>'number', (h->>'at')::timestamptz, h->>'status', h->>'note'
         FROM jsonb_array_elements($1::jsonb) b, jsonb_array_elements(b->'history') h`,
        [bodies],
      );
      const items = Array.from({ length: to - from }, (_, i) => storedConversation(from + i + 1)).flat();
      await pool.query(
        `INSERT INTO bot_state (key, etag, value) SELECT i->>'key', md5(i->>'key'), i->'value' FROM jsonb_array_elements($1::jsonb) i`,
        [JSON.stringify(items)],
      );
      // Each stored conversation's two lines of transcript, as the transcript logger keeps them.
      await pool.query(
        `INSERT INTO transcript_lines (conversation_id, at, speaker, text, logged_at)
         SELECT 'stored-' || n, now(), speaker, text, now()
         FROM generate_series($1::int, $2::int) n,
              (VALUES ('person', 'I want to track my request'), ('bot', 'To confirm it is you, please enter one of these as given in the request.')) AS t(speaker, text)`,
        [from + 1, to],
      );
    }
  } finally {
    await pool.end();
  }
  return url.toString();
}

/** A DATA_DIR under `parent` with its request store and conversation state seeded. */
export async function seededDataDir(parent: string, count: number): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(parent, 'data-'));
  const store = await LowdbRequestStore.open(path.join(dataDir, 'requests'));
  const state = await LowdbStorage.open(path.join(dataDir, 'state'));
  const now = new Date();
  for (const [from, to] of batches(count)) {
    await store.addMany(requests(from, to, now));
    const items = Array.from({ length: to - from }, (_, i) => storedConversation(from + i + 1)).flat();
    await state.write(Object.fromEntries(items.map(({ key, value }) => [key, { ...value, eTag: '*' }])));
  }
  await state.close();
  return dataDir;
}

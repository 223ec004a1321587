import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DirectLineClient } from '../support/directLineClient';
import { testDatabaseWithAgent, TestDatabase } from '../support/postgres';
import { StaffClient } from '../support/staffClient';
import { startTestApp, TestApp } from '../support/testApp';

// With DATABASE_URL the files said in a handoff are the database's: the link to an officer's large
// file serves its bytes from there.
const TOKEN = 'staff-token-for-postgres-file-links';
const PASSWORD = 'correct horse battery';
const LARGE_PDF = Buffer.concat([Buffer.from('%PDF-1.4 the stamped permit '), Buffer.alloc(600 * 1024, 9)]);
let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await testDatabaseWithAgent({ username: 'noura', name: 'Noura', password: PASSWORD });
  app = await startTestApp({ DATABASE_URL: db.url, STAFF_TOKEN: TOKEN, STAFF_HOURS: 'always', ATTACHMENT_MAX_BYTES: 1024 * 1024 });
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.drop();
});

test('an officer’s 600 KB file reaches the web chat as a link that downloads its bytes from the database', async () => {
  const person = new DirectLineClient(app.url);
  await person.start('en-US');
  await person.botMessages();
  await person.post({ type: 'message', text: 'agent', locale: 'en-US' });
  await person.botMessages();
  const id = (await new StaffClient(app.url, TOKEN).call('/api/staff/handoffs')).body.handoffs.find((h: any) => h.conversationId === person.conversationId).id;
  const noura = new StaffClient(app.url);
  await noura.login('noura', PASSWORD);
  expect((await noura.post(`/api/staff/handoffs/${id}/claim`)).status).toBe(200);
  await person.botMessages();

  const form = new FormData();
  form.append('text', 'Your stamped permit');
  form.append('file', new Blob([new Uint8Array(LARGE_PDF)], { type: 'application/pdf' }), 'stamped-permit.pdf');
  expect((await fetch(`${app.url}/api/staff/handoffs/${id}/messages`, { method: 'POST', headers: { cookie: noura.cookie! }, body: form })).status).toBe(201);
  const [file] = (await person.botMessages()).find((a) => a.attachments?.length)!.attachments!;
  expect(file.contentUrl).toMatch(new RegExp(`^${app.url}/files/`));
  const download = await fetch(file.contentUrl);
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(LARGE_PDF)).toBe(true);
  // Nothing of it under DATA_DIR: the bytes came from the database.
  const folder = path.join(app.dataDir, 'attachments');
  expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
});

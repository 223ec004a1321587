import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, temporaryDataDir } from '../../support/testApp';

const DAY_MS = 24 * 60 * 60 * 1000;

test('at start, upload folders that received nothing for over a day are deleted, newer ones kept', async () => {
  const dataDir = temporaryDataDir();
  const folder = (name: string, ageMs: number) => {
    const dir = path.join(dataDir, 'uploads', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'AAAAAAAAAAAAAAAAAAAAAA'), 'a file a restart left behind');
    const when = new Date(Date.now() - ageMs);
    fs.utimesSync(dir, when, when);
    return dir;
  };
  const old = folder('oldConversation0000000', DAY_MS + 60_000);
  const recent = folder('recentConversation0000', DAY_MS - 60 * 60 * 1000);
  const app = await startTestApp({ DATA_DIR: dataDir });
  try {
    for (let i = 0; i < 100 && fs.existsSync(old); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.readdirSync(recent)).toHaveLength(1);
  } finally {
    await app.close();
  }
});

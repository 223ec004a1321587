import { execFile } from 'node:child_process';
import { PROJECT_ROOT } from '../../../platform/projectFiles';
import { freePort } from '../../support/freePort';
import { startTestApp, TestApp } from '../../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** Runs `npm run chat`'s program with the lines piped in, against the server on `port`. */
function chat(port: string, lines: string[], dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'channels/terminal/terminalChat.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: port, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    child.stdin!.end(lines.map((l) => `${l}\n`).join(''));
  });
}

test('talks to the server already running on PORT, says so, and names Ctrl-D as the way out', async () => {
  const port = new URL(app.url).port;
  const out = await chat(port, ['كم ياخذ الرد على طلب تواصل؟'], app.dataDir);
  expect(out).toContain(`already running at http://localhost:${port}`);
  expect(out).toContain('Ctrl-D');
  expect(out).toMatch(/7 أيام عمل/);
});

test('a number typed where the last reply had no buttons is sent as typed, not as an earlier button', async () => {
  const port = new URL(app.url).port;
  // The welcome offers the menu (1 = ask a question); "2" after an answer with buttons presses its second topic;
  // after "اطرح سؤالاً" (a reply with no buttons), "1" must reach the bot as "1", not as the menu's first item again.
  const out = await chat(port, ['1', '1'], app.dataDir);
  const asks = out.split('You:').slice(1);
  expect(asks[0]).toMatch(/اكتب سؤالك|اطرح/);
  expect(asks[1]).not.toMatch(/اكتب سؤالك/);
});

test('with no bot on PORT but DATA_DIR held by a bot on another port, it starts its own on a temporary folder and says so', async () => {
  // A port nothing listens on: the chat starts a bot of its own, which finds the folder held by `app`.
  const port = String(await freePort());
  const out = await chat(port, ['كم ياخذ الرد على طلب تواصل؟'], app.dataDir);
  expect(out).toContain(`${app.dataDir} belongs to a bot running on another port`);
  expect(out).toMatch(/with its own data in \S*tawasul-chat-/);
  expect(out).toMatch(/7 أيام عمل/);
}, 120_000);

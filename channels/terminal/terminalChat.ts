import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline/promises';
import dotenv from 'dotenv';
import { readConfig } from '../../platform/config';
import { PROJECT_ROOT } from '../../platform/projectFiles';

/**
 * `npm run chat`: a conversation in the terminal over the bot's real HTTP endpoint, the way the
 * Emulator talks to it, with replies returned in the response (deliveryMode "expectReplies").
 * It talks to the server already running on PORT when there is one (so two processes never share
 * one DATA_DIR), and otherwise starts one of its own for the session; when DATA_DIR is held by a
 * server on another port, that one runs on a temporary folder of its own. Suggested actions are listed
 * with numbers; type the number to press one. Ctrl-D leaves.
 */
interface Reply {
  type: string;
  text?: string;
  suggestedActions?: { actions: { title: string; value: string }[] };
}

async function runningServer(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    (response) => response.ok,
    () => false,
  );
}

/** A service that could not start, with what it said. */
class StartFailed extends Error {
  constructor(
    readonly code: number | null,
    readonly said: string,
  ) {
    super(said.trim() || `the bot could not start (exit ${code})`);
  }
}

/** Starts the service as `npm start` would run it, on a free port, and resolves with its address. */
function startOwnServer(dataDir?: string): Promise<{ url: string; stop: () => void }> {
  const env = { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...(dataDir ? { DATA_DIR: dataDir } : {}) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'index.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const logged = JSON.parse(line) as { message?: string; url?: string };
      if (logged.message === 'listening' && logged.url) resolve({ url: logged.url, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new StartFailed(code, said)));
  });
}

/** Our own server on DATA_DIR, or, when another process holds that folder, on a temporary one. */
async function startForSession(dataDir: string): Promise<{ url: string; stop: () => void }> {
  try {
    const server = await startOwnServer();
    console.log(`Started a bot for this session at ${server.url} (data in ${dataDir}).`);
    return server;
  } catch (error) {
    if (!(error instanceof StartFailed && /is in use by/.test(error.said))) throw error;
    const own = mkdtempSync(path.join(os.tmpdir(), 'tawasul-chat-'));
    // The session's folder goes with the session: what was typed there is nobody else's business.
    process.once('exit', () => rmSync(own, { recursive: true, force: true }));
    const server = await startOwnServer(own);
    console.log(`${dataDir} belongs to a bot running on another port: started one for this session at ${server.url} with its own data in ${own}.`);
    return server;
  }
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = readConfig();
  const existing = `http://localhost:${config.PORT}`;
  let server: { url: string; stop: () => void };
  if (await runningServer(existing)) {
    server = { url: existing, stop: () => undefined };
    console.log(`Talking to the bot already running at ${existing}.`);
  } else {
    console.log(`No bot was running on port ${config.PORT}.`);
    server = await startForSession(config.DATA_DIR);
  }
  console.log('Type a message; a number presses that button. Ctrl-D leaves.');
  const conversation = { id: `terminal-${Date.now()}` };
  const user = { id: 'terminal-user', name: 'You' };
  let choices: string[] = [];

  const send = async (activity: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'terminal', conversation, from: user, recipient: { id: 'bot' }, deliveryMode: 'expectReplies', locale: 'ar-SA', ...activity }),
    });
    const replies = ((await response.json()) as { activities?: Reply[] }).activities?.filter((r) => r.type === 'message') ?? [];
    // Only the buttons of this turn's last message can be pressed by number, as on a channel with buttons.
    choices = replies[replies.length - 1]?.suggestedActions?.actions.map((a) => a.value) ?? [];
    for (const reply of replies) {
      console.log(`\nBot: ${reply.text ?? ''}`);
      reply.suggestedActions?.actions.forEach((a, i) => console.log(`  ${i + 1}. ${a.title}`));
    }
  };

  await send({ type: 'conversationUpdate', membersAdded: [user] });
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '\nYou: ' });
  terminal.prompt();
  // Lines are taken one at a time (each waits for its replies), whether typed or piped in.
  for await (const typed of terminal) {
    const line = typed.trim();
    const picked = /^\d+$/.test(line) ? choices[Number(line) - 1] : undefined;
    if (line) await send({ type: 'message', text: picked ?? line });
    terminal.prompt();
  }
  server.stop();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

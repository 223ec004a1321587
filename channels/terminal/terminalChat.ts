import readline from 'node:readline/promises';
import dotenv from 'dotenv';
import { readConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startApp } from '../../index';

/**
 * `npm run chat`: starts the bot on a free port and talks to it over its real HTTP endpoint, the
 * way the Emulator would, with replies returned in the response (deliveryMode "expectReplies").
 * Suggested actions are listed with numbers; type the number to press one.
 */
interface Reply {
  type: string;
  text?: string;
  suggestedActions?: { actions: { title: string; value: string }[] };
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = { ...readConfig(), PORT: 0 };
  const app = await startApp(config, createLogger('warn'));
  const conversation = { id: `terminal-${Date.now()}` };
  const user = { id: 'terminal-user', name: 'You' };
  let choices: string[] = [];

  const send = async (activity: Record<string, unknown>) => {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'terminal', conversation, from: user, recipient: { id: 'bot' }, deliveryMode: 'expectReplies', locale: 'ar-SA', ...activity }),
    });
    const body = (await response.json()) as { activities?: Reply[] };
    for (const reply of body.activities ?? []) {
      if (reply.type !== 'message') continue;
      console.log(`\nBot: ${reply.text ?? ''}`);
      choices = reply.suggestedActions?.actions.map((a) => a.value) ?? choices;
      reply.suggestedActions?.actions.forEach((a, i) => console.log(`  ${i + 1}. ${a.title}`));
    }
  };

  await send({ type: 'conversationUpdate', membersAdded: [user] });
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout });
  terminal.on('close', () => app.close().then(() => process.exit(0)));
  for (;;) {
    const line = (await terminal.question('\nYou: ')).trim();
    const picked = /^\d+$/.test(line) ? choices[Number(line) - 1] : undefined;
    await send({ type: 'message', text: picked ?? line });
  }
}

void main();

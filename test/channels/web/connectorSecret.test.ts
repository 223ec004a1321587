import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationReference, TurnContext } from 'botbuilder';
import restify from 'restify';
import { registerConnectorRoutes } from '../../../channels/web/directLine/connectorRoutes';
import { registerDirectLineRoutes } from '../../../channels/web/directLine/directLineRoutes';
import { LocalDirectLine } from '../../../channels/web/directLine/localDirectLine';
import { UploadStore } from '../../../channels/web/directLine/uploads';
import { createLogger } from '../../../platform/logger';
import { temporaryDataDir } from '../../support/testApp';

/**
 * The connector endpoints admit the bot by a per-process secret in its serviceUrl, not by address:
 * here a real CloudAdapter replies through them, and a proactive message uses the reference the
 * bot kept from its turn, as the staff API does.
 */
let server: restify.Server;
let directLine: LocalDirectLine;
let origin: string;
const references: Partial<ConversationReference>[] = [];
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

beforeAll(async () => {
  directLine = new LocalDirectLine(
    adapter,
    async (context: TurnContext) => {
      if (context.activity.type !== 'message') return;
      references.push(TurnContext.getConversationReference(context.activity));
      await context.sendActivity(`echo: ${context.activity.text}`);
    },
    createLogger('silent'),
  );
  server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  registerDirectLineRoutes(server, directLine, new UploadStore(temporaryDataDir()), createLogger('silent'));
  registerConnectorRoutes(server, directLine);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  directLine.close();
  server.close();
});

async function conversation() {
  const { token, conversationId } = (await (await fetch(`${origin}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${origin}/v3/directline/conversations/${conversationId}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const texts = async () => ((await (await call('GET', '/activities')).json()) as { activities: { text?: string; serviceUrl?: string }[] }).activities;
  return { conversationId, call, texts };
}

test('the bot replies through the connector endpoints under the secret, and no client sees the serviceUrl', async () => {
  const { call, texts } = await conversation();
  expect((await call('POST', '/activities', { type: 'message', text: 'hello' })).status).toBe(200);
  const activities = await texts();
  expect(activities.map((a) => a.text)).toEqual(['hello', 'echo: hello']);
  expect(activities.every((a) => a.serviceUrl === undefined)).toBe(true);
  const serviceUrl = references.at(-1)!.serviceUrl!;
  expect(serviceUrl).toMatch(new RegExp(`^${origin}/connector/[A-Za-z0-9_-]{43}$`));
});

test('a proactive message with the reference the bot kept reaches the conversation; one naming this server without the secret does not', async () => {
  const { call, texts } = await conversation();
  await call('POST', '/activities', { type: 'message', text: 'hi' });
  const kept = references.at(-1)!;
  await adapter.continueConversationAsync('', kept, async (context) => {
    await context.sendActivity('تم تحديث حالة طلبك.');
  });
  expect((await texts()).map((a) => a.text)).toContain('تم تحديث حالة طلبك.');

  for (const serviceUrl of [origin, `${origin}/connector/${'A'.repeat(43)}`]) {
    await expect(
      adapter.continueConversationAsync('', { ...kept, serviceUrl }, async (context) => {
        await context.sendActivity('forged');
      }),
    ).rejects.toThrow();
  }
  expect((await texts()).map((a) => a.text)).not.toContain('forged');
});

test('the secret is compared whole: a prefix, a longer string or nothing is not it', () => {
  const secret = new URL(references[0].serviceUrl!).pathname.split('/')[2];
  expect(directLine.isConnectorSecret(secret)).toBe(true);
  expect(directLine.isConnectorSecret(secret.slice(0, -1))).toBe(false);
  expect(directLine.isConnectorSecret(`${secret}x`)).toBe(false);
  expect(directLine.isConnectorSecret('')).toBe(false);
  expect(directLine.isConnectorSecret(undefined)).toBe(false);
});

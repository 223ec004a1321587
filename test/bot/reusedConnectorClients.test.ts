import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { ReusedConnectorClients } from '../../bot/reusedConnectorClients';

/**
 * Turns through a real CloudAdapter (anonymous, as local and web chat traffic is): the connector client
 * a turn gets is made once per channel service and reused, and a client never serves another service.
 */
function clientOfTurn(adapter: CloudAdapter, serviceUrl: string): Promise<ConnectorClient> {
  return new Promise((resolve, reject) => {
    const activity = { type: 'message', channelId: 'test', serviceUrl, conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, text: 'hi' };
    adapter
      .processActivityDirect('', activity as never, async (context: TurnContext) => {
        resolve(context.turnState.get(adapter.ConnectorClientKey));
      })
      .catch(reject);
  });
}

test('two turns from one channel service share a connector client, another service gets its own', async () => {
  const adapter = new CloudAdapter(new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication({})));
  const first = await clientOfTurn(adapter, 'http://127.0.0.1:1/a');
  const second = await clientOfTurn(adapter, 'http://127.0.0.1:1/a');
  const other = await clientOfTurn(adapter, 'http://127.0.0.1:1/b');
  expect(first).toBeInstanceOf(ConnectorClient);
  expect(second).toBe(first);
  expect(other).not.toBe(first);
  expect((other as unknown as { baseUri: string }).baseUri).toBe('http://127.0.0.1:1/b');
});

test('without the reuse, every turn builds a new client (what the wrapper saves)', async () => {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  expect(await clientOfTurn(adapter, 'http://127.0.0.1:1/a')).not.toBe(await clientOfTurn(adapter, 'http://127.0.0.1:1/a'));
});

/** What a turn is told about who called it: its identity, the audience its replies use and the caller id. */
function authenticationOfTurn(adapter: CloudAdapter, activity: Record<string, unknown>) {
  return new Promise<{ claims: unknown; authenticated: boolean; audience: unknown; callerId: unknown }>((resolve, reject) => {
    const turn = { type: 'message', channelId: 'test', serviceUrl: 'http://127.0.0.1:1/a', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' }, text: 'hi', ...activity };
    adapter
      .processActivityDirect('', turn as never, async (context: TurnContext) => {
        const identity = context.turnState.get(adapter.BotIdentityKey);
        resolve({ claims: identity.claims, authenticated: identity.isAuthenticated, audience: context.turnState.get(adapter.OAuthScopeKey), callerId: context.activity.callerId });
      })
      .catch(reject);
  });
}

test('anonymous turns after the first are told what botbuilder’s own authentication tells them; the Emulator calling as a skill still gets its skill claim', async () => {
  const reused = new CloudAdapter(new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication({})));
  const plain = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const expected = await authenticationOfTurn(plain, {});
  expect(expected).toEqual({ claims: [], authenticated: true, audience: expect.any(String), callerId: null });
  for (let turn = 0; turn < 3; turn++) expect(await authenticationOfTurn(reused, {})).toEqual(expected);

  const skill = { channelId: 'emulator', recipient: { id: 'b', role: 'skill' } };
  const skillClaim = await authenticationOfTurn(plain, skill);
  expect(skillClaim.claims).not.toEqual([]);
  expect(await authenticationOfTurn(reused, skill)).toEqual(skillClaim);
  expect(await authenticationOfTurn(reused, {})).toEqual(expected);
});

/** botbuilder's own authentication, whose connector factory fails the first `failures` creations (a channel service unreachable). */
class FailingFirst extends ConfigurationBotFrameworkAuthentication {
  constructor(private failures: number) {
    super({});
  }

  override async authenticateRequest(activity: never, authHeader: string) {
    const result = await super.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory!;
    return { ...result, connectorFactory: { create: (serviceUrl: string, audience?: string) => (this.failures-- > 0 ? Promise.reject(new Error('unreachable')) : factory.create(serviceUrl, audience)) } };
  }
}

test('a client whose creation failed is not handed out again: the next turn from that service tries afresh', async () => {
  const adapter = new CloudAdapter(new ReusedConnectorClients(new FailingFirst(1)));
  await expect(clientOfTurn(adapter, 'http://127.0.0.1:1/a')).rejects.toThrow('unreachable');
  const retried = await clientOfTurn(adapter, 'http://127.0.0.1:1/a');
  expect(retried).toBeInstanceOf(ConnectorClient);
  expect(await clientOfTurn(adapter, 'http://127.0.0.1:1/a')).toBe(retried);
});

test('a service whose client was pushed out by many others gets a client of its own again, for its own address', async () => {
  const adapter = new CloudAdapter(new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication({})));
  const first = await clientOfTurn(adapter, 'http://127.0.0.1:1/a');
  for (let i = 0; i < 501; i++) await clientOfTurn(adapter, `http://127.0.0.1:1/other-${i}`);
  const again = await clientOfTurn(adapter, 'http://127.0.0.1:1/a');
  expect(again).not.toBe(first);
  expect((again as unknown as { baseUri: string }).baseUri).toBe('http://127.0.0.1:1/a');
});

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

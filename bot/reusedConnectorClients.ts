import {
  AuthenticateRequestResult,
  BotFrameworkAuthentication,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  JwtTokenValidation,
  UserTokenClient,
} from 'botframework-connector';
import { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** Channels and apps one server talks to: a handful in practice; the bound keeps a flood of serviceUrls harmless. */
const MAX_CLIENTS = 500;

/**
 * Bot Framework authentication whose connector and user-token clients are made once per app id,
 * channel service and audience and then reused, instead of once per turn.
 *
 * CloudAdapter asks for both clients on every incoming activity, and each is a ServiceClient with an
 * HTTP pipeline of its own: building them was a visible share of every turn's CPU, even for turns
 * whose replies go back in the HTTP response and never use them. The clients hold no per-turn state;
 * their credentials cache and renew their own tokens, as the older BotFrameworkAdapter's per-serviceUrl
 * client cache relied on.
 */
export class ReusedConnectorClients extends BotFrameworkAuthentication {
  private readonly connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_CLIENTS });
  private readonly tokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_CLIENTS });

  /** `route`: where a serviceUrl is really reached (the composition root may send some to this instance). */
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly route: (serviceUrl: string) => string = (serviceUrl) => serviceUrl,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusingFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    return this.remembered(this.tokenClients, key, () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reusing(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusingFactory(result.connectorFactory, appIdOf(result.claimsIdentity)) };
  }

  private reusingFactory(factory: ConnectorFactory, appId: string): ConnectorFactory {
    const create = (given: string, audience?: string) => {
      const serviceUrl = this.route(given);
      return this.remembered(this.connectors, JSON.stringify([appId, serviceUrl, audience ?? '']), () => factory.create(serviceUrl, audience));
    };
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return create(serviceUrl, audience);
      }
    })();
  }

  /** A failed creation is not remembered, so the next turn tries again. */
  private remembered<T>(cache: LRUCache<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let client = cache.get(key);
    if (!client) {
      client = make();
      cache.set(key, client);
      client.catch(() => cache.get(key) === client && cache.delete(key));
    }
    return client;
  }
}

/** The app a turn acts as (empty for anonymous local traffic): clients made for one app never serve another. */
function appIdOf(identity: ClaimsIdentity | undefined): string {
  return (identity && JwtTokenValidation.getAppIdFromClaims(identity.claims)) ?? '';
}

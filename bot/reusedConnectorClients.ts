import {
  AuthenticationConstants,
  AuthenticateRequestResult,
  BotFrameworkAuthentication,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  JwtTokenValidation,
  UserTokenClient,
} from 'botframework-connector';
import { Activity, Channels, RoleTypes } from 'botbuilder';
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
  /**
   * With no app id every request is anonymous, and what authenticating one gives is the same each
   * time: the first such result is kept, and later requests are given its parts again (with an
   * identity of their own) instead of running the inner authentication's chain of promises.
   */
  private anonymous: AuthenticateRequestResult | undefined;

  /** `route`: where a serviceUrl is really reached (the composition root may send some to this instance). */
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly route: (serviceUrl: string) => string = (serviceUrl) => serviceUrl,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    // The Emulator calling the bot as a skill gets a skill claim of its own, so always the inner answer.
    const skillFromEmulator = activity.channelId === Channels.Emulator && activity.recipient?.role === RoleTypes.Skill;
    if (this.anonymous && !skillFromEmulator) return sameAnonymousResult(this.anonymous);
    const result = this.reusing(await this.inner.authenticateRequest(activity, authHeader));
    if (!skillFromEmulator && isAnonymous(result.claimsIdentity)) this.anonymous = result;
    return result;
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
    // The result is made afresh for each request, so it takes the reusing factory in place of a copy.
    if (result.connectorFactory) result.connectorFactory = this.reusingFactory(result.connectorFactory, appIdOf(result.claimsIdentity));
    return result;
  }

  private reusingFactory(factory: ConnectorFactory, appId: string): ConnectorFactory {
    // The client this factory handed out last, asked for again on most turns (anonymous turns share one factory).
    let last: { serviceUrl: string; audience: string | undefined; key: string; client: Promise<ConnectorClient> } | undefined;
    return new ReusingConnectorFactory((given, audience) => {
      const serviceUrl = this.route(given);
      // Still the one remembered (not failed, not pushed out): handed out without making its key again.
      // Its place among the most recent is not renewed; were it pushed out, it would be made afresh.
      if (last && last.serviceUrl === serviceUrl && last.audience === audience && this.connectors.peek(last.key) === last.client) return last.client;
      const key = JSON.stringify([appId, serviceUrl, audience ?? '']);
      const client = this.remembered(this.connectors, key, () => factory.create(serviceUrl, audience));
      last = { serviceUrl, audience, key, client };
      return client;
    });
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

/**
 * A turn's connector factory that hands out the remembered clients. One class for every turn (not a
 * class made per turn), so the adapter's calls into it stay on one shape.
 */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(private readonly createClient: (serviceUrl: string, audience?: string) => Promise<ConnectorClient>) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.createClient(serviceUrl, audience);
  }
}

/**
 * The result of authenticating an anonymous request, as the first one was (the same audience, caller
 * id and reusing factory), with an identity of its own. Written out field by field: spreading the kept
 * result costs more than everything else a turn's authentication now does.
 */
function sameAnonymousResult(first: AuthenticateRequestResult): AuthenticateRequestResult {
  return { audience: first.audience, callerId: first.callerId, claimsIdentity: anonymousIdentity(), connectorFactory: first.connectorFactory };
}

/** The identity botbuilder gives a request when authentication is disabled (no app id): anonymous, with no claims. */
const anonymousIdentity = () => new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
/** Only a disabled authentication gives an identity without claims: a validated token always carries some. */
const isAnonymous = (identity: ClaimsIdentity) => identity.isAuthenticated && identity.claims.length === 0;

/** The app a turn acts as (empty for anonymous local traffic): clients made for one app never serve another. */
function appIdOf(identity: ClaimsIdentity | undefined): string {
  return (identity && JwtTokenValidation.getAppIdFromClaims(identity.claims)) ?? '';
}

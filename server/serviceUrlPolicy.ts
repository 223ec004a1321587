import type { IncomingMessage } from 'node:http';
import { Config } from '../platform/config';
import { isLoopbackAddress, listSetting, ProxyTrust } from '../platform/proxyTrust';

/** A serviceUrl reduced to what is compared: lower-case origin and path without the trailing slash. */
function normalized(serviceUrl: string): string | undefined {
  try {
    const url = new URL(serviceUrl);
    if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return undefined;
  }
}

function isLoopbackUrl(serviceUrl: string): boolean {
  try {
    const { hostname } = new URL(serviceUrl);
    return hostname === 'localhost' || isLoopbackAddress(hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

/**
 * Where the bot may send replies when /api/messages is open to anonymous callers (no
 * MicrosoftAppId). The adapter POSTs its replies to the activity's serviceUrl and files are fetched
 * from that host, so an unchecked serviceUrl lets anyone make this server send requests anywhere
 * (SSRF). With an app id the Bot Framework token names the serviceUrl and this policy is not used.
 *
 * Accepted: no serviceUrl with deliveryMode "expectReplies" (the replies travel in the response);
 * a serviceUrl listed in ALLOWED_SERVICE_URLS; and, only with ALLOW_EMULATOR=true, a loopback
 * serviceUrl in a request made on this machine (the Bot Framework Emulator). See docs/security.md.
 */
export class ServiceUrlPolicy {
  private readonly allowed: Set<string>;

  constructor(
    private readonly options: { authenticated: boolean; allowedServiceUrls: string[]; allowEmulator: boolean; proxies: ProxyTrust },
  ) {
    this.allowed = new Set(options.allowedServiceUrls.map((url) => normalized(url)).filter((url): url is string => url !== undefined));
  }

  static fromConfig(config: Config, proxies: ProxyTrust): ServiceUrlPolicy {
    return new ServiceUrlPolicy({
      authenticated: Boolean(config.MicrosoftAppId),
      allowedServiceUrls: listSetting(config.ALLOWED_SERVICE_URLS),
      allowEmulator: config.ALLOW_EMULATOR,
      proxies,
    });
  }

  /** Why an activity's serviceUrl is refused (a 403), or undefined when the bot may reply there. */
  refusal(req: IncomingMessage, serviceUrl: string | undefined): string | undefined {
    if (this.options.authenticated || serviceUrl === undefined) return undefined;
    const url = normalized(serviceUrl);
    if (url !== undefined && this.allowed.has(url)) return undefined;
    if (url !== undefined && this.options.allowEmulator && isLoopbackUrl(serviceUrl) && this.options.proxies.isLocal(req)) return undefined;
    return 'serviceUrl not allowed: with no MicrosoftAppId the bot replies only to ALLOWED_SERVICE_URLS (or, with ALLOW_EMULATOR=true, to the Emulator on this machine); omit serviceUrl and send deliveryMode "expectReplies" to get the replies in the response';
  }
}

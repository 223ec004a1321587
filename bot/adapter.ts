import { ConfigurationBotFrameworkAuthentication, ConversationState, TurnContext } from 'botbuilder';
import { message } from '../knowledge/messages';
import { settledTurnLanguage, turnLanguage } from '../dialogs/turnLanguage';
import type { Language } from '../knowledge/language';
import { Config } from '../platform/config';
import { CheckedActivityAdapter } from './checkedActivityAdapter';
import { keepEntityProperties } from './entitySerialization';
import { ReusedConnectorClients } from './reusedConnectorClients';
import { Logger } from '../platform/logger';
import { isStoreUnavailable } from '../platform/storeUnavailable';
import { TypingIndicator } from './typingIndicator';

/**
 * The CloudAdapter with Bot Framework authentication from the configuration: with no app id it
 * accepts anonymous traffic (Emulator, local use, the built-in web chat); with one, every request
 * must carry a valid Bot Framework JWT. Its connector clients are made once and reused (bot/reusedConnectorClients.ts).
 * `routeServiceUrl` says where a serviceUrl is really reached (see index.ts); by default, at itself.
 */
export function createAdapter(config: Config, conversationState: ConversationState, logger: Logger, routeServiceUrl?: (serviceUrl: string) => string): CheckedActivityAdapter {
  const authentication = new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  }), routeServiceUrl);
  keepEntityProperties();
  const adapter = new CheckedActivityAdapter(authentication, logger);
  adapter.use(new TypingIndicator(logger));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    if (isStoreUnavailable(error)) {
      // The database is down or restarting: "try again shortly", and the conversation's state is kept.
      logger.warn('turn failed: store unavailable', { error: error.message, channelId: context.activity.channelId });
      await context.sendActivity(message(languageWithoutState(context), 'storeUnavailable')).catch((e: Error) => logger.error('could not tell the user the store is unavailable', { error: e.message }));
      return;
    }
    // The person sees an apology in their language; the stack trace goes only to the log.
    logger.error('turn failed', {
      error: error.message,
      stack: error.stack,
      channelId: context.activity.channelId,
      activityType: context.activity.type,
    });
    try {
      await context.sendActivity(message(turnLanguage(context), 'turnError'));
      // A conversation whose state made the turn fail would fail again on every message: start it afresh.
      await conversationState.delete(context);
    } catch (secondError) {
      logger.error('could not tell the user about a failed turn', { error: (secondError as Error).message });
    }
  };
  return adapter;
}

/**
 * The reply language when the conversation's state (where its language is kept) may not have been
 * read: the one settled this turn if any, else the message's own script, else the channel's locale.
 */
function languageWithoutState(context: TurnContext): Language {
  const settled = settledTurnLanguage(context);
  if (settled) return settled;
  if (/[\u0600-\u06FF]/.test(context.activity.text ?? '')) return 'ar';
  return context.activity.locale?.toLowerCase().startsWith('en') ? 'en' : 'ar';
}

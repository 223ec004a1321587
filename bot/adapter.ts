import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, TurnContext } from 'botbuilder';
import { message } from '../knowledge/messages';
import { turnLanguage } from '../dialogs/turnLanguage';
import { Config } from '../platform/config';
import { keepEntityProperties } from './entitySerialization';
import { ReusedConnectorClients } from './reusedConnectorClients';
import { Logger } from '../platform/logger';
import { TypingIndicator } from './typingIndicator';

/**
 * The CloudAdapter with Bot Framework authentication from the configuration: with no app id it
 * accepts anonymous traffic (Emulator, local use, the built-in web chat); with one, every request
 * must carry a valid Bot Framework JWT. Its connector clients are made once and reused (bot/reusedConnectorClients.ts).
 */
export function createAdapter(config: Config, conversationState: ConversationState, logger: Logger): CloudAdapter {
  const authentication = new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  }));
  keepEntityProperties();
  const adapter = new CloudAdapter(authentication);
  adapter.use(new TypingIndicator(logger));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
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

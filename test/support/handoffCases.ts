import type { NewCase } from '../../staff/handoffQueue';

/** A case as the bot raises it for a web chat conversation, for the queue's tests. */
export const newCase = (conversationId: string): NewCase => ({
  conversationId,
  conversationReference: { conversation: { id: conversationId }, serviceUrl: 'http://localhost/' },
  channelId: 'webchat',
  language: 'ar',
  reason: 'asked',
});

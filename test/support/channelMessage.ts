import crypto from 'node:crypto';

/**
 * A person's message posted to the app's /api/messages as a channel posts it, the replies going to
 * `serviceUrl` (a recording connector) rather than back in the response; the HTTP status it got.
 */
export async function postChannelMessage(appUrl: string, { serviceUrl, text, channelId, conversationId }: { serviceUrl: string; text: string; channelId: string; conversationId: string }): Promise<number> {
  const response = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      locale: 'en-US',
      channelId,
      serviceUrl,
      conversation: { id: conversationId },
      from: { id: `user-${crypto.randomUUID()}` },
      recipient: { id: 'tawasul-bot' },
    }),
  });
  return response.status;
}

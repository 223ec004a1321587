import { BotReply, Conversation, textOf } from './conversation';

/** One user turn and what the bot's reply must match. */
export type Turn = [say: string | Record<string, unknown>, expected: RegExp];

/** Plays the turns in order, failing on the first reply that does not match; returns the last replies. */
export async function play(conversation: Conversation, turns: Turn[]): Promise<BotReply[]> {
  let replies: BotReply[] = [];
  for (const [say, expected] of turns) {
    replies = typeof say === 'string' ? await conversation.say(say) : await conversation.send({ type: 'message', ...say });
    const text = textOf(replies);
    if (!expected.test(text)) throw new Error(`After ${JSON.stringify(say)} the bot said:\n${text}\n…which does not match ${expected}`);
  }
  return replies;
}

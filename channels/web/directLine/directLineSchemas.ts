import { z } from 'zod';
import { boundedJson, MAX_ACTIVITY_TEXT, MAX_CHANNEL_DATA_BYTES as MAX_PARSED_CHANNEL_DATA_BYTES, MAX_VALUE_BYTES } from '../../../platform/inputLimits';

/** A client's activity, serialized, at most: a 10,000-character Arabic text is ~20 KB. */
export const MAX_CLIENT_ACTIVITY_BYTES = 32 * 1024;
/** Its channelData, serialized, at most: Web Chat sends a few hundred bytes there (clientActivityID, …). */
export const MAX_CHANNEL_DATA_BYTES = 8 * 1024;

/**
 * The shapes the built-in Direct Line accepts, checked at the edge so a malformed body is a 400
 * and never reaches the bot. Unknown fields pass through: the Activity schema is open-ended.
 */
const ChannelAccount = z.looseObject({ id: z.string().min(1).max(256), name: z.string().max(256).optional() });

/**
 * The user a client names when it starts a conversation or asks for a token. The server chooses the
 * user id in any case, so the id may be missing or empty: botframework-directlinejs sends
 * `{"user":{}}` when it was given no user id (JSON.stringify drops `id: undefined`), and Azure accepts it.
 */
const NamedUser = z.looseObject({ id: z.string().max(256).optional(), name: z.string().max(256).optional() });

export const StartConversationBody = z
  .looseObject({ user: NamedUser.optional(), locale: z.string().max(20).optional() })
  .optional()
  .transform((body) => body ?? {});

export const GenerateTokenBody = z
  .looseObject({ user: NamedUser.optional() })
  .optional()
  .transform((body) => body ?? {});

const Attachment = z.looseObject({
  contentType: z.string().max(200),
  contentUrl: z.string().max(2048).optional(),
  name: z.string().max(256).optional(),
});

/**
 * An activity a client posts. 4,000 characters is far past any chat message (the bot refuses a
 * question past 1,000 politely); channelData and value are bounded in size and depth, so nothing
 * the conversation log keeps and hands back can be too deep to write out as JSON.
 */
export const ClientActivity = z.looseObject({
  type: z.string().min(1).max(64),
  text: z.string().max(MAX_ACTIVITY_TEXT).optional(),
  locale: z.string().max(20).optional(),
  from: ChannelAccount.optional(),
  attachments: z.array(Attachment).max(10).optional(),
  // Depth and a first bound here (a 400 for a malformed body); its own, tighter size is a 413 (activityTooLarge).
  channelData: boundedJson(MAX_PARSED_CHANNEL_DATA_BYTES).optional(),
  value: boundedJson(MAX_VALUE_BYTES).optional(),
  // Fields Web Chat sends and botbuilder reads: of the right type, or the turn would fail on them.
  textFormat: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  replyToId: z.string().max(1024).optional(),
  localTimestamp: z.string().max(64).optional(),
  localTimezone: z.string().max(64).optional(),
  entities: z.array(z.looseObject({ type: z.string().max(256).optional() })).max(20).optional(),
  membersAdded: z.array(ChannelAccount).max(10).optional(),
  membersRemoved: z.array(ChannelAccount).max(10).optional(),
});
export type ClientActivity = z.infer<typeof ClientActivity>;

/** An activity the bot sends, serialized, at most: Azure's Direct Line refuses bot messages over 256 KB. */
export const MAX_BOT_ACTIVITY_BYTES = 256 * 1024;

const serializedBytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? ''));

/** Why a client's activity is too large to keep (a 413), or undefined when it is within the bounds. */
export function clientActivityTooLarge(activity: ClientActivity): string | undefined {
  if (serializedBytes(activity.channelData) > MAX_CHANNEL_DATA_BYTES) return `channelData is larger than ${MAX_CHANNEL_DATA_BYTES / 1024} KB.`;
  if (serializedBytes(activity) > MAX_CLIENT_ACTIVITY_BYTES) return `The activity is larger than ${MAX_CLIENT_ACTIVITY_BYTES / 1024} KB.`;
  return undefined;
}

/** An activity the bot sends back through the connector endpoints. */
export const BotActivity = z.looseObject({
  type: z.string().min(1).max(64),
  from: ChannelAccount.optional(),
});

/** Azure Direct Line's answer to POST /tokens/generate. */
export const GeneratedToken = z.looseObject({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** A string of digits, or nothing: what a client may send as a watermark. */
export const Watermark = z.string().regex(/^\d{0,12}$/).optional();

/** What the page may send when it asks for a token: the locale it opens Web Chat in. */
export const TokenRequest = z
  .object({ locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional() })
  .optional()
  .transform((body) => body ?? {});

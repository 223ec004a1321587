import { z } from 'zod';
import { boundedJson, MAX_ACTIVITY_TEXT, MAX_CHANNEL_DATA_BYTES, MAX_LOCALE, MAX_VALUE_BYTES } from '../platform/inputLimits';

/** An id as channels write them: Teams' conversation ids run to a couple of hundred characters. */
const Id = z.string().min(1).max(1024);
/** An optional field: channels may write null for a field they leave out. */
const optional = <T extends z.ZodType>(type: T) => type.nullish();
const Account = z.looseObject({ id: Id, name: optional(z.string().max(1024)), role: optional(z.string().max(64)) });
const Attachment = z.looseObject({
  contentType: z.string().max(256),
  contentUrl: optional(z.string().max(8192)),
  name: optional(z.string().max(1024)),
  content: optional(boundedJson(MAX_VALUE_BYTES)),
});

/**
 * The least an activity needs for the bot to answer it, and the type and size of every field the
 * bot or botbuilder reads: a wrong-typed field would fail the turn (and wipe the conversation's
 * state); an oversized one would feed the recognisers megabytes. Anything else is the caller's
 * mistake (400). Fields nobody reads pass through, bounded by the body's size and depth.
 */
export const IncomingActivitySchema = z
  .looseObject({
    type: z.string().min(1).max(64),
    id: optional(z.string().max(1024)),
    channelId: z.string().min(1).max(64),
    conversation: z.looseObject({ id: Id }),
    from: Account,
    recipient: optional(z.looseObject({ id: optional(z.string().max(1024)), name: optional(z.string().max(1024)) })),
    serviceUrl: optional(z.string().max(2048)),
    deliveryMode: optional(z.string().max(64)),
    text: optional(z.string().max(MAX_ACTIVITY_TEXT)),
    textFormat: optional(z.string().max(64)),
    locale: optional(z.string().max(MAX_LOCALE)),
    timestamp: optional(z.string().max(64)),
    localTimestamp: optional(z.string().max(64)),
    localTimezone: optional(z.string().max(64)),
    replyToId: optional(z.string().max(1024)),
    name: optional(z.string().max(256)),
    attachments: optional(z.array(Attachment).max(20)),
    entities: optional(z.array(z.looseObject({ type: optional(z.string().max(256)) })).max(20)),
    membersAdded: optional(z.array(Account).max(100)),
    membersRemoved: optional(z.array(Account).max(100)),
    value: optional(boundedJson(MAX_VALUE_BYTES)),
    channelData: optional(boundedJson(MAX_CHANNEL_DATA_BYTES)),
  })
  .refine((a) => a.deliveryMode === 'expectReplies' || !!a.serviceUrl, {
    message: 'serviceUrl is required unless deliveryMode is "expectReplies"',
    path: ['serviceUrl'],
  });

/**
 * The schema as POST /api/messages checks every body, compiled by zod into one function: the runtime
 * parser passes each of ~25 mostly absent fields through two or three wrapper schemas on every turn,
 * several times the work. The compiled function decides nothing of its own: a body it does not accept
 * in full goes to the runtime parser above, so a refusal and its messages are the runtime's, word for
 * word (test/server/incomingActivity.test.ts holds the two to the same answers). `strict`: a change to
 * the schema that zod cannot compile stops the service at start-up instead of quietly running slower.
 */
export const IncomingActivity = z.compile(IncomingActivitySchema, { strict: true });

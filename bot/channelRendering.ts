import { Activity, ActivityTypes, CardAction, ConversationState, Entity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { message } from '../knowledge/messages';
import { stripInvisibleMarks, toAsciiDigits } from '../knowledge/text/normalizeText';
import { isKeptReplyPart, keepReply } from '../dialogs/keptReplies';
import { turnLanguage } from '../dialogs/turnLanguage';
import { capabilitiesOf, ChannelCapabilities } from './rendering/channelCapabilities';
import { splitText, stripCitationMarkers, stripMarkdown } from './rendering/plainText';

/** The choices last shown as numbered lines, so that "2" or "٢" can stand for the second one. */
const OfferedChoices = z.object({ values: z.array(z.string()) });
type OfferedChoices = z.infer<typeof OfferedChoices>;

const CITATION_ENTITY = 'https://schema.org/Message';
const NUMBER_REPLY = /^\d{1,2}$/;

/**
 * Renders every outgoing activity for the channel it goes to, in this one place, so dialogs write
 * one reply with buttons, Markdown and citations and never ask which channel they are on.
 * - channels without buttons (SMS, any unknown channel): suggested actions become numbered lines,
 *   and a reply of "1"/"١" is read as the first choice's value before any dialog sees it;
 * - channels without Markdown: emphasis and links become plain text, citation markers go (the
 *   "Source: …" line stays in the text);
 * - length-limited channels: long text is split into messages of at most the channel's limit;
 * - channels without attachments (SMS): a file with a link is named in the text, with its link;
 * - Web Chat: citation markers get the reference links Web Chat shows as citations, and the line
 *   breaks of messages not written as Markdown are kept.
 */
export class ChannelRendering implements Middleware {
  private readonly offered: StatePropertyAccessor<OfferedChoices | undefined>;

  constructor(conversationState: ConversationState) {
    this.offered = conversationState.createProperty('offeredChoices');
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const capabilities = capabilitiesOf(context.activity.channelId);
    if (!capabilities.buttons && context.activity.type === ActivityTypes.Message) await this.readNumberedChoice(context);
    context.onSendActivities(async (ctx, activities, send) => {
      if (!capabilities.buttons) await this.rememberChoices(ctx, activities);
      renderInPlace(activities, capabilities, ctx);
      return send();
    });
    await next();
  }

  private async readNumberedChoice(context: TurnContext): Promise<void> {
    const said = toAsciiDigits(stripInvisibleMarks(context.activity.text ?? '')).trim();
    if (!NUMBER_REPLY.test(said)) return;
    const offered = OfferedChoices.safeParse(await this.offered.get(context));
    const value = offered.success ? offered.data.values[Number(said) - 1] : undefined;
    if (value !== undefined) context.activity.text = value;
  }

  /** The last message a turn sends decides what a number means next, as the last buttons do in Web Chat. */
  private async rememberChoices(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    const messages = activities.filter((a) => a.type === ActivityTypes.Message);
    if (messages.length === 0) return;
    const actions = messages[messages.length - 1].suggestedActions?.actions ?? [];
    await this.offered.set(context, actions.length > 0 ? { values: actions.map(actionValue) } : undefined);
  }
}

const actionValue = (action: CardAction) => (typeof action.value === 'string' ? action.value : action.title);

/**
 * Replaces each activity a turn sends with its rendering, in the list TurnContext hands the handlers
 * (its own copy). Most activities render to one, which takes its place: `flatMap` and a spread
 * `splice` cost more than all the rendering of a one-line reply.
 */
function renderInPlace(activities: Partial<Activity>[], capabilities: ChannelCapabilities, context: TurnContext): void {
  const count = activities.length;
  let kept = 0;
  let split: Partial<Activity>[] | undefined;
  for (let i = 0; i < count; i++) {
    const rendered = renderActivity(activities[i], capabilities, context);
    if (split) split.push(...rendered);
    else if (rendered.length === 1) activities[kept++] = rendered[0];
    else if (rendered.length > 1) split = [...activities.slice(0, kept), ...rendered];
  }
  if (split) activities.splice(0, count, ...split);
  else activities.length = kept;
}

function renderActivity(activity: Partial<Activity>, capabilities: ChannelCapabilities, context: TurnContext): Partial<Activity>[] {
  if (activity.type === ActivityTypes.Typing) return capabilities.typing ? [activity] : [];
  if (activity.type !== ActivityTypes.Message) return [activity];
  // Not copied first: TurnContext hands the handlers its own copy of each activity, and every step
  // below returns a new object when it changes one.
  let rendered = activity;
  if (capabilities.joinsSingleLineBreaks) rendered = withHardLineBreaks(rendered);
  if (capabilities.citationLinks) rendered = withCitationLinks(rendered);
  if (!capabilities.markdown) rendered = asPlainText(rendered);
  // After the Markdown is stripped, which would take a link's underscores for emphasis.
  if (!capabilities.attachments) rendered = withFileLinksInText(rendered, context);
  if (!capabilities.buttons) rendered = withNumberedChoices(rendered, context);
  return capabilities.maxTextLength ? splitLongText(rendered, capabilities.maxTextLength) : [rendered];
}

type Claim = { position: number; appearance?: Record<string, unknown> };

/** Every Claim of the activity's citation entities, in order (as `filter` then `flatMap` would give them, in one pass). */
function citationsOf(activity: Partial<Activity>): Claim[] {
  const claims: Claim[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== CITATION_ENTITY) continue;
    const citation = (entity.citation as Claim[] | Claim | undefined) ?? [];
    if (Array.isArray(citation)) claims.push(...citation);
    else claims.push(citation);
  }
  return claims;
}

/** Web Chat pairs "[1]" in the text with the Claim at position 1 through a Markdown reference link. */
function withCitationLinks(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.text || !activity.entities) return activity;
  const rendered = citationLinksOf(activity.text, activity.entities);
  return rendered ? { ...activity, ...rendered } : activity;
}

type CitationLinks = Pick<Activity, 'text' | 'entities'>;

/**
 * Web Chat's form of kept replies (dialogs/keptReplies.ts), by their entities: a FAQ answer asked
 * before is the very same kept reply, so its citations are rendered once, not on every turn.
 * Anything else is rendered afresh.
 */
const renderedFrozen = new WeakMap<Entity[], { text: string; rendered: CitationLinks | undefined }>();

function citationLinksOf(text: string, entities: Entity[]): CitationLinks | undefined {
  if (!isKeptReplyPart(entities)) return renderCitationLinks(text, entities);
  const kept = renderedFrozen.get(entities);
  if (kept?.text === text) return kept.rendered;
  const rendered = renderCitationLinks(text, entities);
  renderedFrozen.set(entities, { text, rendered: keepReply(rendered) });
  return rendered;
}

function renderCitationLinks(text: string, entities: Entity[]): CitationLinks | undefined {
  const claims = citationsOf({ entities });
  if (claims.length === 0) return undefined;
  let definitions = '';
  for (const claim of claims) definitions += `\n[${claim.position}]: cite:${claim.position} "${quotesAsApostrophes(String(claim.appearance?.name ?? ''))}"`;
  const withText = entities.map((entity) =>
    entity.type !== CITATION_ENTITY ? entity : { ...entity, citation: (entity.citation as Record<string, unknown>[]).map(withAppearanceText) },
  );
  return { text: `${text}\n${definitions}`, entities: withText };
}

const quotesAsApostrophes = (name: string) => (name.includes('"') ? name.replace(/"/g, "'") : name);

/**
 * Web Chat shows `text` when a citation is opened and has no use for `abstract`, where our Claims
 * carry the section's text: it moves, rather than going to the browser twice.
 */
function withAppearanceText(claim: Record<string, unknown>): Record<string, unknown> {
  const appearance = (claim.appearance === undefined ? {} : claim.appearance) as Record<string, unknown>;
  const shown = copyWithout(appearance, 'abstract');
  shown.text = shown.text ?? appearance.abstract;
  const rendered = copyWithout(claim, 'appearance');
  rendered.appearance = shown;
  return rendered;
}

/**
 * `source`'s own enumerable properties but `left`, in their order, as `const { [left]: _, ...copy } =
 * source` gives them (an own "__proto__" stays a property; symbol keys, which no JSON carries, are
 * left out). Written out because V8 builds object rest through a slow runtime path: twice for every
 * Claim of every cited answer, it was most of the rendering's time.
 */
function copyWithout(source: Record<string, unknown>, left: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (key === left) continue;
    if (key === '__proto__') Object.defineProperty(copy, key, { value: source[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = source[key];
  }
  return copy;
}

/** A line break in a message that was not written as Markdown stays a line break (Markdown's two trailing spaces). */
function withHardLineBreaks(activity: Partial<Activity>): Partial<Activity> {
  // Most messages are one line: the search below would walk each of them to find nothing.
  if (!activity.text || activity.textFormat === 'markdown' || activity.textFormat === 'xml' || !activity.text.includes('\n')) return activity;
  return { ...activity, text: activity.text.replace(/([^\n])\n(?=[^\n])/g, '$1  \n') };
}

/** A file the channel cannot show that has a link (an officer's large file) is named in the text with its link, one a line. */
function withFileLinksInText(activity: Partial<Activity>, context: TurnContext): Partial<Activity> {
  const linked = (activity.attachments ?? []).filter((a) => !a.content && /^https?:\/\//.test(a.contentUrl ?? ''));
  if (linked.length === 0) return activity;
  const language = activity.locale ? (activity.locale.toLowerCase().startsWith('en') ? 'en' : 'ar') : turnLanguage(context);
  const lines = linked.map((file) => `${message(language, 'channels.fileLink', { name: file.name ?? '' })}\n${file.contentUrl}`);
  const rest = activity.attachments!.filter((a) => !linked.includes(a));
  return { ...activity, text: [activity.text, ...lines].filter(Boolean).join('\n\n'), attachments: rest.length ? rest : undefined };
}

function asPlainText(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.text) return activity;
  const text = citationsOf(activity).length > 0 ? stripCitationMarkers(activity.text) : activity.text;
  return { ...activity, text: stripMarkdown(text), textFormat: 'plain' };
}

function withNumberedChoices(activity: Partial<Activity>, context: TurnContext): Partial<Activity> {
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length === 0) return activity;
  const lines = actions.map((action, i) => `${i + 1}. ${action.title}`);
  const prompt = message(turnLanguage(context), 'channels.replyWithNumber');
  const text = [activity.text, `${prompt}\n${lines.join('\n')}`].filter(Boolean).join('\n\n');
  const { suggestedActions: _shownAsText, ...rest } = activity;
  return { ...rest, text };
}

/** Every piece but the last is text only; the last keeps attachments and entities. */
function splitLongText(activity: Partial<Activity>, max: number): Partial<Activity>[] {
  const pieces = splitText(activity.text ?? '', max);
  if (pieces.length <= 1) return [activity];
  const { attachments: _a, entities: _e, suggestedActions: _s, ...bare } = activity;
  return pieces.map((text, i) => (i === pieces.length - 1 ? { ...activity, text } : { ...bare, text }));
}

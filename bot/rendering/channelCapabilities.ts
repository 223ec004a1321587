import { Channels } from 'botbuilder';

/** What a channel can show; everything else about a reply is the same on every channel. */
export interface ChannelCapabilities {
  /** Suggested-action buttons; without them choices become numbered lines and a number picks one. */
  buttons: boolean;
  /** Markdown (bold, links, lists); without it, it is stripped to plain text. */
  markdown: boolean;
  /** Web Chat's citation footnotes: Markdown reference links `[1]: cite:1 "…"` matched to the Claim's position. */
  citationLinks: boolean;
  /**
   * Web Chat renders every message as Markdown, where a single line break joins two lines into one
   * paragraph; our catalogue messages mean a new line (a summary, a history), so they get hard breaks.
   */
  joinsSingleLineBreaks: boolean;
  /** The longest single message; longer text is split on sentence or line boundaries. */
  maxTextLength?: number;
  /** Typing indicators; a text-only channel would deliver them as nothing or as noise. */
  typing: boolean;
  /** Files sent as attachments; without them a file that has a link goes as its name and the link in the text. */
  attachments: boolean;
}

const WEB_CHAT: ChannelCapabilities = { buttons: true, markdown: true, citationLinks: true, joinsSingleLineBreaks: true, typing: true, attachments: true };
const RICH: ChannelCapabilities = { buttons: true, markdown: true, citationLinks: false, joinsSingleLineBreaks: false, typing: true, attachments: true };
/** One SMS message on Azure's Twilio channel carries at most 1,600 characters. */
/** `npm run chat`: the terminal lists suggested actions itself, with numbers, but shows no Markdown. */
const TERMINAL: ChannelCapabilities = { buttons: true, markdown: false, citationLinks: false, joinsSingleLineBreaks: false, typing: false, attachments: true };
const TEXT_ONLY: ChannelCapabilities = { buttons: false, markdown: false, citationLinks: false, joinsSingleLineBreaks: false, maxTextLength: 1600, typing: false, attachments: false };

/**
 * Channels we know render our replies as sent. Teams shows suggested actions in one-to-one chats
 * and renders the citation entity from "[1]" itself. Any channel not listed — SMS, and whatever is
 * connected tomorrow — gets the text-only rendering, which works everywhere.
 */
const KNOWN: Record<string, ChannelCapabilities> = {
  [Channels.Webchat]: WEB_CHAT,
  [Channels.Directline]: WEB_CHAT,
  [Channels.DirectlineSpeech]: WEB_CHAT,
  [Channels.Emulator]: WEB_CHAT,
  [Channels.Msteams]: RICH,
  [Channels.Test]: RICH,
  [Channels.Sms]: TEXT_ONLY,
  terminal: TERMINAL,
};

export function capabilitiesOf(channelId: string | undefined): ChannelCapabilities {
  return KNOWN[channelId ?? ''] ?? TEXT_ONLY;
}

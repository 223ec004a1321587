import { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../platform/logger';
import { Language } from '../../knowledge/language';
import { message, MessageKey } from '../../knowledge/messages';
import { AttachmentRefused, IncomingAttachment, receiveAttachment } from '../../requests/attachments';
import { AttachmentStore } from '../../requests/attachmentStore';
import { StoredAttachment } from '../../requests/requestSchemas';
import { turnLanguage } from '../turnLanguage';

/**
 * Where files wait until their request is stored, the largest attachment, the most files one form
 * takes, the hosts besides the channel's own that files may come from (this server), and whether the
 * channel's serviceUrl can be trusted: only when requests are authenticated (an app id is set).
 * Anonymous traffic could name any serviceUrl, so then only a loopback one (the Emulator).
 */
export interface FileRules {
  store: AttachmentStore;
  maxBytes: number;
  maxFiles: number;
  ownHosts: string[];
  authenticated: boolean;
}

// What some channels add beside the user's files (Teams' HTML copy of the text, cards): not files.
const NOT_A_FILE = /^(text\/html|application\/vnd\.microsoft\.)/;

/** The files a message carries, whatever step it answers. */
export function filesIn(activity: Partial<Activity>): IncomingAttachment[] {
  return (activity.attachments ?? []).filter((a) => !NOT_A_FILE.test(a.contentType ?? '')).map(({ name, contentType, contentUrl }) => ({ name, contentType, contentUrl }));
}

/**
 * Keeps the files a person sends in any form (the request form at any step, adding to a request):
 * each is checked and kept as pending, and the person is told by name that it was received, or why
 * not. Up to `maxFiles` in all, counting `kept`, which it appends to.
 */
export class FileKeeper {
  constructor(
    readonly rules: FileRules,
    private readonly logger: Logger,
  ) {}

  /** `announce` false: only refusals are said (a file for an officer, where the bot stays out of the way). */
  async keep(context: TurnContext, files: IncomingAttachment[], kept: StoredAttachment[], maxFiles = this.rules.maxFiles, announce = true): Promise<void> {
    const language = turnLanguage(context);
    const { maxBytes, ownHosts, authenticated, store } = this.rules;
    const serviceHost = channelHost(context.activity.serviceUrl, authenticated);
    const policy = { maxBytes, allowedHosts: [...ownHosts, ...(serviceHost ? [serviceHost] : [])] };
    for (const file of files) {
      const name = file.name || message(language, 'submit.attachments.unnamed');
      if (kept.length >= maxFiles) {
        await context.sendActivity(message(language, 'submit.attachments.tooMany', { maxFiles }));
        break;
      }
      try {
        kept.push(await receiveAttachment(file, store, policy));
        if (announce) await context.sendActivity(message(language, 'submit.attachments.received', { name }));
      } catch (error) {
        const problem = error instanceof AttachmentRefused ? error.problem : 'unreadable';
        if (!(error instanceof AttachmentRefused)) this.logger.warn('attachment not stored', { error: (error as Error).message });
        await context.sendActivity(message(language, `submit.attachments.refused.${problem}` as MessageKey, { name, maxMb: megabytes(maxBytes) }));
      }
    }
  }

  /** "up to 5 MB each": the largest file in megabytes, as the messages say it. */
  get maxMb(): string {
    return megabytes(this.rules.maxBytes);
  }
}

/** How a file is sent on this channel, as the channel allows: the sentence to add to a question that asks for files. */
export function howToAttach(channelId: string | undefined, language: Language): string {
  const ways: Record<string, MessageKey> = {
    webchat: 'channels.attach.webChat',
    directline: 'channels.attach.webChat',
    emulator: 'channels.attach.webChat',
    sms: 'channels.attach.sms',
    terminal: 'channels.attach.none',
  };
  return message(language, ways[channelId ?? ''] ?? 'channels.attach.other');
}

/** The channel's host files may be fetched from, if its serviceUrl can be trusted (see FileRules). */
function channelHost(serviceUrl: string | undefined, authenticated: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl ?? '');
  } catch {
    return undefined;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return authenticated || loopback ? url.host : undefined;
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

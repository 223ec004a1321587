import type { TurnContext } from 'botbuilder';
import { Language } from '../knowledge/language';
import { message } from '../knowledge/messages';
import { AttachmentPolicy, AttachmentRefused, IncomingAttachment, receiveAttachment } from '../requests/attachments';
import { AttachmentStore } from '../requests/attachmentStore';
import { StoredAttachment } from '../requests/requestSchemas';

/**
 * Where files a person sends are kept; the largest file and how many at once; the hosts besides the
 * channel's own that files may come from (this server); and whether the channel's serviceUrl can be
 * trusted: only when requests are authenticated (an app id is set). Anonymous traffic could name
 * any serviceUrl, so then only a loopback one (the Emulator). The request form and a conversation
 * with an officer take files under the same limits.
 */
export interface FileIntake {
  store: AttachmentStore;
  maxBytes: number;
  maxFiles: number;
  ownHosts: string[];
  authenticated: boolean;
}

/** The hosts a file of this turn may be fetched from, and the size limit. */
export function attachmentPolicy(context: TurnContext, intake: FileIntake): AttachmentPolicy {
  const serviceHost = channelHost(context.activity.serviceUrl, intake.authenticated);
  return { maxBytes: intake.maxBytes, allowedHosts: [...intake.ownHosts, ...(serviceHost ? [serviceHost] : [])] };
}

/** The channel's host files may be fetched from, if its serviceUrl can be trusted (see FileIntake). */
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

export function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

/**
 * Keeps each file of a message (pending in the store), telling the person in their language why any
 * was refused; at most `maxFiles`. Used outside a form, where there is no prompt to say "received".
 */
export async function keepSentFiles(context: TurnContext, files: IncomingAttachment[], intake: FileIntake, language: Language, onUnexpected: (error: Error) => void): Promise<StoredAttachment[]> {
  const policy = attachmentPolicy(context, intake);
  const kept: StoredAttachment[] = [];
  for (const file of files.slice(0, intake.maxFiles)) {
    try {
      kept.push(await receiveAttachment(file, intake.store, policy));
    } catch (error) {
      if (!(error instanceof AttachmentRefused)) onUnexpected(error as Error);
      const problem = error instanceof AttachmentRefused ? error.problem : 'unreadable';
      await context.sendActivity(message(language, `submit.attachments.refused.${problem}`, { name: file.name ?? '', maxMb: megabytes(intake.maxBytes) }));
    }
  }
  if (files.length > intake.maxFiles) await context.sendActivity(message(language, 'submit.attachments.tooMany', { maxFiles: intake.maxFiles }));
  return kept;
}

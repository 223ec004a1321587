import { StoredAttachment } from '../requests/requestSchemas';
import { AgentUpload, CaseFiles } from './caseFiles';
import { Agent, checkOwner, NotYoursError } from './caseOwnership';
import { FileLinks, LinkedFile } from './fileLinks';
import { HandoffCase, HandoffQueue, RelayFile, RelayMessage } from './handoffQueue';
import type { PersonChannel } from './personChannel';

export interface HandoffRelayParts {
  queue: HandoffQueue;
  channel: PersonChannel;
  files: CaseFiles;
  /** Links to an officer's files too large to go inside a message; without them every file goes inline. */
  links?: FileLinks;
  now: () => Date;
  /** The console hears a message said in a case. */
  said(caseId: string, said: RelayMessage): void;
}

/**
 * What is said while a person and an officer are connected, both ways, with files: the person's to
 * the console, the officer's to the person's channel; and who may open those files afterwards.
 */
export class HandoffRelay {
  constructor(private readonly parts: HandoffRelayParts) {}

  async personSaid(caseId: string, text: string, files: StoredAttachment[] = []): Promise<void> {
    const { queue, files: caseFiles } = this.parts;
    // Kept with the case, out of reach of the sweep of abandoned form files.
    const adopted = await caseFiles.adopt(files);
    const said: RelayMessage = { from: 'person', text, at: this.parts.now().toISOString(), ...(adopted.length ? { files: adopted } : {}) };
    // The console hears it at once; the record follows.
    this.parts.said(caseId, said);
    const recorded = await queue.change(caseId, (c) => (c.status === 'assigned' ? { ...c, messages: [...c.messages, said] } : false));
    if (recorded?.status !== 'assigned') await caseFiles.discard(adopted);
  }

  /**
   * An agent's message, to the person's channel, with any files (checked as the form checks a
   * person's: AttachmentRefused when one is not acceptable, and nothing is sent). `agent` undefined:
   * the bearer token, which may act on any case.
   */
  async agentSay(id: string, agent: Agent | undefined, text: string, uploads: AgentUpload[] = []): Promise<HandoffCase | undefined> {
    const { queue, files, channel } = this.parts;
    const found = await queue.get(id);
    if (!found) return undefined;
    checkOwner(found, agent);
    const kept = await files.keepUploads(uploads);
    try {
      await channel.send(found.conversationReference, text, found.language, undefined, await files.forPerson(id, kept, found.channelId, this.parts.links));
    } catch (error) {
      await files.discard(kept);
      throw error;
    }
    const said: RelayMessage = { from: 'agent', text, at: this.parts.now().toISOString(), agent: agent?.username ?? found.agent, ...(kept.length ? { files: kept } : {}) };
    this.parts.said(id, said);
    return queue.change(id, (c) => (c.status === 'assigned' ? { ...c, lastAgentAt: said.at, messages: [...c.messages, said] } : false));
  }

  /**
   * A file said in a case, for the agent who took it and nobody else (NotYoursError): a person's
   * documents go to the officer they were sent to. Undefined when the case or the file is not there.
   */
  async fileOf(id: string, fileId: string, agent: Agent | undefined): Promise<{ file: RelayFile; content: Buffer } | undefined> {
    const found = await this.parts.queue.get(id);
    if (!found) return undefined;
    if (!agent || !found.agent || found.agent !== agent.username) throw new NotYoursError(`case ${id} is not yours`);
    return this.contentOf(found, fileId, () => true);
  }

  /** A file an officer sent in a case, for the person through a link (staff/fileLinks.ts): never one of the person's own. */
  async sentFile({ caseId, fileId }: LinkedFile): Promise<{ file: RelayFile; content: Buffer } | undefined> {
    const found = await this.parts.queue.get(caseId);
    return found && this.contentOf(found, fileId, (said) => said.from === 'agent');
  }

  private async contentOf(found: HandoffCase, fileId: string, from: (said: RelayMessage) => boolean): Promise<{ file: RelayFile; content: Buffer } | undefined> {
    const file = found.messages.filter(from).flatMap((m) => m.files ?? []).find((f) => f.id === fileId && !f.deleted);
    const content = file && (await this.parts.files.content(file.id));
    return file && content ? { file, content } : undefined;
  }
}

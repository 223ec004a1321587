import { readFile } from 'node:fs/promises';
import restify from 'restify';
import { z } from 'zod';
import { Logger } from '../platform/logger';
import { maskPersonalData } from '../platform/maskPersonalData';
import { receivedFiles } from '../platform/multipartParts';
import { AttachmentRefused } from '../requests/attachments';
import { AgentAccounts } from './agentAccounts';
import { AuditLog } from './auditLog';
import { CaseTakenError, HandoffCase } from './handoffQueue';
import { BAD_CURSOR, CaseListQuery, latestLines, TranscriptQuery } from './handoffQueries';
import { firstProblem, keyOf, queryOf } from './paging';
import { AgentUpload } from './caseFiles';
import type { FeedBus } from './feedBus';
import { Agent, FeedEvent, HandoffService, NotConnectedError, NotYoursError, shownMessage, summary } from './handoffService';
import { actorName, actorOrRefusal, LoginLimiter, StaffActor, StaffSessions } from './staffSessions';
import type { TranscriptLine, TranscriptReader } from './transcriptReader';

export interface HandoffApiParts {
  handoffs: HandoffService;
  /** Where the live feed's events come from: every instance's desk (index.ts publishes this one's there). */
  feed: Pick<FeedBus, 'subscribe'>;
  agents: AgentAccounts;
  sessions: StaffSessions;
  audit: AuditLog;
  transcripts?: TranscriptReader;
  logger: Logger;
  /** The first wrong password's hold-back, when not LoginLimiter's (tests shorten it). */
  loginHoldBackMs?: number;
}

const Login = z.object({ username: z.string().min(1).max(80), password: z.string().min(1).max(500) }).strict();
const Claim = z.object({ agent: z.string().min(1).max(80).optional() }).strict();
const Say = z.object({ text: z.string().trim().max(4000).default('') }).strict();
/** A multipart field may come as one value or several; the first is taken. */
const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const MAX_FILES_PER_MESSAGE = 5;

/** The refusal of an officer's file, in the console's terms (the limits are the request form's). */
const FILE_REFUSED: Record<AttachmentRefused['problem'], string> = {
  type: 'the file is not a PDF, JPG or PNG file (its contents must match its type)',
  size: 'the file is larger than the size allowed',
  source: 'the file could not be read',
  unreadable: 'the file could not be read',
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FEED_HEARTBEAT_MS = 15_000;

/** A case as staff see it: personal data masked until an agent has claimed it. */
function forStaff(found: HandoffCase, transcript: TranscriptLine[]) {
  const mask = !found.claimedOnce;
  const shown = (text: string) => (mask ? maskPersonalData(text) : text);
  return {
    ...summary(found),
    masked: mask,
    messages: found.messages.map((m) => ({ ...shownMessage(m), text: shown(m.text) })),
    transcript: transcript.map((line) => ({ ...line, text: shown(line.text) })),
  };
}

/**
 * The handoff part of the staff API under /api/staff/: sign-in for agents, the queue, claiming,
 * replying and ending, the live feed (server-sent events), and ratings. The bearer STAFF_TOKEN works
 * as before; an agent's session cookie works too. Every action goes to the audit log.
 */
export function handoffRoutes({ handoffs, feed, agents, sessions, audit, transcripts, logger, loginHoldBackMs }: HandoffApiParts): (server: restify.Server) => void {
  const limiter = new LoginLimiter(Date.now, loginHoldBackMs);
  return (server) => {
    // Each staff request's session is read from its store before the routes ask who is acting.
    server.pre((req, _res, next) => {
      if (!req.url?.startsWith('/api/staff')) return next();
      sessions.loadFor(req).then(
        () => next(),
        (error: Error) => {
          logger.warn('staff session not read', { error: error.message });
          next();
        },
      );
    });
    const signedIn = (req: restify.Request, res: restify.Response) => actorOrRefusal(sessions, req, res);
    const agentOf = (actor: StaffActor): Agent | undefined => (actor.kind === 'agent' && !actor.agent.supervisor ? actor.agent : undefined);

    server.post('/api/staff/login', async (req, res) => {
      const body = Login.safeParse(req.body);
      if (!body.success) return void res.send(400, { error: 'username and password are required' });
      const { username, password } = body.data;
      const ip = req.socket.remoteAddress ?? 'unknown';
      const wait = limiter.blockedFor(ip, username);
      if (wait > 0) {
        await audit.record({ who: username, what: 'login', outcome: 'refused: too many failures' });
        res.header('Retry-After', String(wait));
        return void res.send(429, { error: 'too many failed sign-ins; try again later' });
      }
      const agent = await agents.verify(username, password);
      if (!agent) {
        await delay(limiter.failed(ip, username));
        await audit.record({ who: username, what: 'login', outcome: 'wrong password' });
        return void res.send(401, { error: 'wrong username or password' });
      }
      limiter.succeeded(username);
      await sessions.start(req, res, agent);
      await audit.record({ who: agent.username, what: 'login', outcome: 'ok' });
      res.send(200, agent);
    });

    server.post('/api/staff/logout', async (req, res) => {
      const actor = sessions.actor(req);
      await sessions.end(req, res);
      if (actor) await audit.record({ who: actorName(actor), what: 'logout' });
      res.send(204);
    });

    server.get('/api/staff/me', async (req, res) => {
      const actor = signedIn(req, res);
      if (actor) res.send(200, actor.kind === 'agent' ? actor.agent : { username: 'token', displayName: 'STAFF_TOKEN', supervisor: true });
    });

    server.get('/api/staff/handoffs', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      const query = CaseListQuery.safeParse(queryOf(req.url));
      if (!query.success) return void res.send(400, { error: firstProblem(query.error) });
      const after = query.data.cursor === undefined ? undefined : keyOf(query.data.cursor);
      if (after === undefined && query.data.cursor !== undefined) return void res.send(400, { error: BAD_CURSOR });
      await audit.record({ who: actorName(actor), what: 'list handoffs' });
      res.send(200, await handoffs.list({ statuses: query.data.status, limit: query.data.limit, after }));
    });

    server.get('/api/staff/handoffs/ratings', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      // Supervisors (and the token) see every agent's; an agent sees their own only.
      const own = actor.kind === 'agent' && !actor.agent.supervisor ? actor.agent.username : undefined;
      await audit.record({ who: actorName(actor), what: 'read ratings', ...(own ? { target: own } : {}) });
      res.send(200, { agents: await handoffs.ratings(own) });
    });

    server.get('/api/staff/handoffs/feed', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      await audit.record({ who: actorName(actor), what: 'open feed' });
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.flushHeaders();
      res.write(`retry: 2000\n\n`);
      const send = (event: FeedEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      const unsubscribe = feed.subscribe(send);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), FEED_HEARTBEAT_MS);
      await new Promise<void>((resolve) => req.socket.once('close', resolve));
      clearInterval(heartbeat);
      unsubscribe();
    });

    server.get('/api/staff/handoffs/:id', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      const query = TranscriptQuery.safeParse(queryOf(req.url));
      if (!query.success) return void res.send(400, { error: firstProblem(query.error) });
      const before = query.data.cursor === undefined ? undefined : keyOf(query.data.cursor);
      if (before === undefined && query.data.cursor !== undefined) return void res.send(400, { error: BAD_CURSOR });
      const found = await handoffs.get(req.params.id);
      await audit.record({ who: actorName(actor), what: 'read handoff', target: req.params.id, outcome: found ? 200 : 404 });
      if (!found) return void res.send(404, { error: 'no such handoff' });
      const { lines, earlier } = latestLines((await transcripts?.read(found.conversationId)) ?? [], query.data.limit, before);
      res.send(200, { ...forStaff(found, lines), ...(earlier ? { transcriptCursor: earlier } : {}) });
    });

    server.post('/api/staff/handoffs/:id/claim', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      const body = Claim.safeParse(req.body ?? {});
      if (!body.success) return void res.send(400, { error: 'invalid claim' });
      let agent: Agent;
      if (actor.kind === 'agent') {
        if (body.data.agent && body.data.agent !== actor.agent.username) return void res.send(403, { error: 'an agent claims for themselves' });
        agent = actor.agent;
      } else {
        if (!body.data.agent) return void res.send(400, { error: 'agent is required with the bearer token' });
        agent = agents.find(body.data.agent) ?? { username: body.data.agent, displayName: body.data.agent };
      }
      const who = actorName(actor);
      try {
        const claimed = await handoffs.claim(req.params.id, agent);
        await audit.record({ who, what: 'claim handoff', target: req.params.id, outcome: claimed ? 200 : 404 });
        if (!claimed) return void res.send(404, { error: 'no such handoff' });
        res.send(200, forStaff(claimed, (await transcripts?.read(claimed.conversationId)) ?? []));
      } catch (error) {
        if (!(error instanceof CaseTakenError)) throw error;
        await audit.record({ who, what: 'claim handoff', target: req.params.id, outcome: 409 });
        res.send(409, { error: error.message, status: error.current.status, agent: error.current.agentName });
      }
    });

    const refusal = (error: unknown): [number, string] | undefined => {
      if (error instanceof NotYoursError) return [403, error.message];
      if (error instanceof NotConnectedError) return [409, error.message];
      return undefined;
    };

    /** The message's text and files: JSON `{text}`, or multipart/form-data with a `text` field and `file` parts. */
    const messageOf = async (req: restify.Request): Promise<{ text: string; uploads: AgentUpload[] } | string> => {
      const multipart = req.is('multipart/form-data');
      const fields = multipart ? Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, firstValue(v)])) : req.body;
      const body = Say.safeParse(fields ?? {});
      if (!body.success) return 'text must be at most 4000 characters, and nothing else may be sent but files';
      const parts = multipart ? (receivedFiles(req.files).file ?? []) : [];
      if (parts.length > MAX_FILES_PER_MESSAGE) return `at most ${MAX_FILES_PER_MESSAGE} files in one message`;
      if (!body.data.text && parts.length === 0) return 'text or a file is required';
      const uploads = await Promise.all(parts.map(async (part) => ({ content: await readFile(part.path), name: part.name ?? undefined, contentType: part.type ?? undefined })));
      return { text: body.data.text, uploads };
    };

    server.post('/api/staff/handoffs/:id/messages', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      const said = await messageOf(req);
      if (typeof said === 'string') return void res.send(400, { error: said });
      const who = actorName(actor);
      try {
        const updated = await handoffs.agentSay(req.params.id, agentOf(actor), said.text, said.uploads);
        await audit.record({ who, what: 'send message', target: req.params.id, outcome: updated ? 200 : 404 });
        if (!updated) return void res.send(404, { error: 'no such handoff' });
        res.send(201, { sent: true });
      } catch (error) {
        if (error instanceof AttachmentRefused) {
          await audit.record({ who, what: 'send message', target: req.params.id, outcome: 400 });
          return void res.send(400, { error: FILE_REFUSED[error.problem], problem: error.problem });
        }
        const refused = refusal(error);
        if (!refused) {
          logger.warn('agent message not delivered', { caseId: req.params.id, error: (error as Error).message });
          await audit.record({ who, what: 'send message', target: req.params.id, outcome: 502 });
          return void res.send(502, { error: 'the person’s channel did not take the message' });
        }
        await audit.record({ who, what: 'send message', target: req.params.id, outcome: refused[0] });
        res.send(refused[0], { error: refused[1] });
      }
    });

    // A file said in a case: for the agent who took it only (not another agent, a supervisor or the token).
    server.get('/api/staff/handoffs/:id/files/:fileId', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      const who = actorName(actor);
      try {
        const found = await handoffs.fileOf(req.params.id, req.params.fileId, actor.kind === 'agent' ? actor.agent : undefined);
        await audit.record({ who, what: 'download file', target: `${req.params.id}/${req.params.fileId}`, outcome: found ? 200 : 404 });
        if (!found) return void res.send(404, { error: 'no such file' });
        res.writeHead(200, {
          'content-type': found.file.contentType,
          'content-length': String(found.content.length),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.file.name)}`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        });
        res.end(found.content);
      } catch (error) {
        if (!(error instanceof NotYoursError)) throw error;
        await audit.record({ who, what: 'download file', target: `${req.params.id}/${req.params.fileId}`, outcome: 403 });
        res.send(403, { error: 'only the officer who took the conversation may open its files' });
      }
    });

    server.post('/api/staff/handoffs/:id/end', async (req, res) => {
      const actor = signedIn(req, res);
      if (!actor) return;
      const who = actorName(actor);
      try {
        const ended = await handoffs.agentEnded(req.params.id, agentOf(actor));
        await audit.record({ who, what: 'end handoff', target: req.params.id, outcome: ended ? 200 : 404 });
        if (!ended) return void res.send(404, { error: 'no such handoff' });
        res.send(200, summary(ended));
      } catch (error) {
        const refused = refusal(error);
        if (!refused) throw error;
        await audit.record({ who, what: 'end handoff', target: req.params.id, outcome: refused[0] });
        res.send(refused[0], { error: refused[1] });
      }
    });
  };
}

import crypto from 'node:crypto';
import restify from 'restify';
import { z } from 'zod';
import { ServiceCategoryId } from '../knowledge/rules/serviceCategories';
import { CalendarDate, localDate } from '../knowledge/rules/workingDays';
import { InvalidTransitionError, RequestStore } from '../requests/requestStore';
import { Request, RequestNumber } from '../requests/requestSchemas';
import { isOverdue } from '../requests/overdue';
import { RequestStatus } from '../requests/statusTransitions';
import { Logger } from '../platform/logger';
import { isStorageFailure } from '../platform/storageHealth';
import { RequestService, StatusChanged } from '../requests/requestService';
import { cursorFor, firstProblem, keyOf, PageQuery } from './paging';

export interface StaffApiParts {
  token: string;
  store: RequestStore;
  /** Status changes go through the request service, which records them and tells the person. */
  requests: RequestService;
  logger: Logger;
  /** The clock "today" is read from, once per staff request; tests fix it. */
  now?: () => Date;
  /** Another way in besides the token: an agent's session (staff/staffSessions.ts). */
  signedIn?: (req: restify.Request) => boolean;
}

const ListQuery = z.object({
  status: RequestStatus.optional(),
  category: ServiceCategoryId.optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  offset: z.coerce.number({ error: 'offset must be a whole number, 0 or more' }).int('offset must be a whole number, 0 or more').min(0, 'offset must be a whole number, 0 or more').default(0),
}).extend(PageQuery(50, 500).shape);

/** A requests page's cursor holds the offset of the next page: the list is filtered afresh each time. */
const OFFSET_KEY = /^offset:(\d{1,9})$/;

const StatusChange = z.object({ status: RequestStatus, note: z.string().trim().min(1).max(2000).optional() }).strict();

/** Tokens compared in constant time (over their digests, so unequal lengths do not show either). */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/**
 * What staff see of a request: everything but the channel plumbing, whether it is overdue, and
 * whether the person has added information since staff last changed it (`newInformation`: the
 * history's last entry is the person's addition), which is how staff are told of an addition.
 */
function forStaff(request: Request, today: CalendarDate) {
  const { conversationReference: _reference, submissionKey: _key, ...shown } = request;
  return { ...shown, overdue: isOverdue(request, today), newInformation: request.history.at(-1)?.by === 'requester' };
}

const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);

/**
 * The staff API under /api/staff/, registered through createServer's `routes`. Every call needs
 * `Authorization: Bearer <STAFF_TOKEN>`; with no STAFF_TOKEN configured the routes do not exist (404).
 */
export function staffRoutes({ token, store, requests, logger, now = () => new Date(), signedIn }: StaffApiParts): (server: restify.Server) => void {
  return (server) => {
    if (!token && !signedIn) return;
    const authorised = (req: restify.Request, res: restify.Response): boolean => {
      if (signedIn?.(req)) return true;
      const header = req.header('authorization') ?? '';
      const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
      if (given && sameToken(given, token)) return true;
      res.header('WWW-Authenticate', 'Bearer realm="tawasul-staff"');
      res.send(401, { error: 'a valid staff bearer token is required' });
      return false;
    };

    server.get('/api/staff/requests', async (req, res) => {
      if (!authorised(req, res)) return;
      const query = ListQuery.safeParse(Object.fromEntries(new URL(req.url ?? '', 'http://staff').searchParams));
      if (!query.success) return void res.send(400, { error: firstProblem(query.error), details: problems(query.error) });
      const { status, category, from, to, overdue, limit, cursor } = query.data;
      const fromCursor = cursor === undefined ? undefined : OFFSET_KEY.exec(keyOf(cursor) ?? '')?.[1];
      if (cursor !== undefined && fromCursor === undefined) return void res.send(400, { error: 'cursor is not one this API gave: use the `next` of the page before, unchanged' });
      const offset = fromCursor === undefined ? query.data.offset : Number(fromCursor);
      // One "today" for the filter and every flag of the page, even across midnight.
      const today = localDate(now());
      const page = await store.list({ status, category, submittedFrom: from, submittedTo: to, overdueOn: overdue === 'true' ? today : undefined, offset, limit });
      const next = offset + limit < page.total ? { next: cursorFor(`offset:${offset + limit}`) } : {};
      res.send(200, { total: page.total, offset, limit, ...next, requests: page.requests.map((request) => forStaff(request, today)) });
    });

    server.get('/api/staff/requests/:number', async (req, res) => {
      if (!authorised(req, res)) return;
      const number = RequestNumber.safeParse(req.params.number);
      if (!number.success) return void res.send(400, { error: 'invalid request number' });
      const request = await store.get(number.data);
      if (!request) return void res.send(404, { error: 'no such request' });
      res.send(200, forStaff(request, localDate(now())));
    });

    const changeStatus = async (req: restify.Request, res: restify.Response) => {
      if (!authorised(req, res)) return;
      const number = RequestNumber.safeParse(req.params.number);
      if (!number.success) return void res.send(400, { error: 'invalid request number' });
      const change = StatusChange.safeParse(req.body);
      if (!change.success) return void res.send(400, { error: 'invalid status change', details: problems(change.error) });
      let changed: StatusChanged | undefined;
      try {
        changed = await requests.changeStatus(number.data, change.data.status, change.data.note);
      } catch (error) {
        if (error instanceof InvalidTransitionError) return void res.send(409, { error: error.message, from: error.from, to: error.to });
        // The reason (with its file path) is for the operators' log; the caller learns what it can do.
        logger.error('status change not stored', { number: number.data, error: (error as Error).message });
        if (isStorageFailure(error)) return void res.send(503, { error: 'the request store cannot be written just now; the status was not changed, please try again later' });
        return void res.send(500, { error: 'the status could not be changed' });
      }
      if (!changed) return void res.send(404, { error: 'no such request' });
      res.send(200, { request: forStaff(changed.request, localDate(now())), notified: changed.notified });
    };
    server.patch('/api/staff/requests/:number/status', changeStatus);
    server.post('/api/staff/requests/:number/status', changeStatus);
  };
}

import restify from 'restify';
import { z } from 'zod';
import { UnansweredSummary } from '../knowledge/feedback/unansweredGroups';
import type { UnansweredQuestions } from '../knowledge/feedback/unansweredQuestions';
import { Logger } from '../platform/logger';
import { AuditLog } from './auditLog';
import { firstProblem, PageQuery, queryOf } from './paging';
import { actorName, actorOrRefusal, StaffSessions } from './staffSessions';

export interface UnansweredApiParts {
  unanswered: UnansweredQuestions;
  sessions: StaffSessions;
  audit: AuditLog;
  logger: Logger;
}

/** The most asked groups first, a bounded number of them: the list is for reading, not for export (`npm run kb:unanswered` prints them all). */
const UnansweredQuery = PageQuery(50, 100).pick({ limit: true });

/** GET /api/staff/unanswered's answer. */
export const UnansweredList = UnansweredSummary.extend({ limit: z.number().int().min(1).max(100) });
export type UnansweredList = z.infer<typeof UnansweredList>;

/**
 * GET /api/staff/unanswered: the questions the bot could not answer, masked when they were kept, in
 * groups of similar wording, most asked first, for the editors who add a phrasing or a section to
 * the content files. Staff only (a session or the token), like the rest of /api/staff/.
 */
export function unansweredRoutes({ unanswered, sessions, audit, logger }: UnansweredApiParts): (server: restify.Server) => void {
  return (server) => {
    server.get('/api/staff/unanswered', async (req, res) => {
      const actor = actorOrRefusal(sessions, req, res);
      if (!actor) return;
      const query = UnansweredQuery.safeParse(queryOf(req.url));
      if (!query.success) return void res.send(400, { error: firstProblem(query.error) });
      let list: UnansweredList;
      try {
        list = UnansweredList.parse({ ...(await unanswered.grouped(query.data.limit)), limit: query.data.limit });
      } catch (error) {
        logger.error('unanswered questions not read', { error: (error as Error).message });
        return void res.send(503, { error: 'the unanswered questions cannot be read just now; please try again later' });
      }
      await audit.record({ who: actorName(actor), what: 'read unanswered questions' });
      res.send(200, list);
    });
  };
}

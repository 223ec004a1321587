import restify from 'restify';
import { AuditLog } from './auditLog';
import { actorName, StaffSessions } from './staffSessions';

/**
 * The request routes of the staff API (staff/staffApi.ts) in the audit log, each call once it is
 * answered: who (agent or token), what (method and path), the status. The handoff routes record
 * their own actions, with more detail.
 */
export function staffAudit(sessions: StaffSessions, audit: AuditLog): (server: restify.Server) => void {
  return (server) => {
    server.on('after', (req: restify.Request, res: restify.Response) => {
      const pathname = req.path();
      if (!pathname.startsWith('/api/staff/requests')) return;
      const actor = sessions.actor(req);
      void audit.record({ who: actor ? actorName(actor) : 'anonymous', what: `${req.method} ${pathname}`, outcome: res.statusCode });
    });
  };
}

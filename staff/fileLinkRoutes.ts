import restify from 'restify';
import { message } from '../knowledge/messages';
import { Logger } from '../platform/logger';
import { FileLinks } from './fileLinks';
import { HandoffService } from './handoffService';

/** One answer for every token that does not lead to a file: malformed, tampered with, expired, or its file gone. */
const noSuchFile = () => ({ error: `${message('ar', 'handoff.fileLinkGone')}\n${message('en', 'handoff.fileLinkGone')}` });

/** A name safe in a header and on the person's disk: no path, no control characters. */
const safeName = (name: string) => name.replace(/[\\/\0-\x1f\x7f]/g, '_').replace(/^\.+/, '_').slice(0, 200) || 'file';

/**
 * GET /files/<token>: an officer's file, for the person's channel (or the person) holding a link the
 * relay gave (staff/fileLinks.ts). No listing, no names in the address; every failure is the same 404.
 * The bytes come from the AttachmentStore, so this works on every instance's store alike.
 */
export function fileLinkRoutes(links: FileLinks, handoffs: Pick<HandoffService, 'sentFile'>, logger: Logger): (server: restify.Server) => void {
  return (server) => {
    // Any path under /files/ (a token too long for a path parameter too) gets the same answer.
    server.get('/files/*', async (req, res) => {
      const linked = links.read(String(req.params['*'] ?? ''));
      const found = linked && (await handoffs.sentFile(linked));
      if (!found) return void res.send(404, noSuchFile());
      logger.info('officer file fetched through its link', { caseId: linked.caseId, fileId: linked.fileId });
      res.writeHead(200, {
        'content-type': found.file.contentType,
        'content-length': String(found.content.length),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(safeName(found.file.name))}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end(found.content);
    });
  };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import restify from 'restify';
import { content } from '../knowledge/content';
import { projectFile } from '../platform/projectFiles';

const CONSOLE = projectFile('staff', 'console');

/** The console is our own files only: no inline script or style, no framing, no other origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The page, its style, and its script: console.js, which imports one module per view. */
const SCRIPTS = ['console.js', 'pageState.js', 'queueView.js', 'caseView.js', 'requestsView.js', 'ratingsView.js', 'unansweredView.js'];
const FILES: Record<string, string> = { '/staff': 'index.html', '/staff/console.css': 'console.css', ...Object.fromEntries(SCRIPTS.map((file) => [`/staff/${file}`, file])) };
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The staff console at /staff: static files, no build step, and its wording from knowledge/content/messages ("console.*"). */
export function consoleRoutes(): (server: restify.Server) => void {
  return (server) => {
    const headers = (type: string) => ({
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-cache',
    });
    for (const [route, file] of Object.entries(FILES)) {
      const body = readFileSync(path.join(CONSOLE, file));
      server.get(route, async (_req, res) => {
        res.writeHead(200, headers(TYPES[path.extname(file)]));
        res.end(body);
      });
    }
    server.get('/staff/strings/:language', async (req, res) => {
      const catalogue = content().messages[req.params.language as 'ar' | 'en'];
      if (!catalogue) return void res.send(404, { error: 'no such language' });
      // The console's own words ("console.x" as "x"), and the request statuses as the person reads them.
      const strings = Object.fromEntries(
        Object.entries(catalogue)
          .filter(([key]) => key.startsWith('console.') || key.startsWith('status.'))
          .map(([key, text]) => [key.replace(/^console\./, ''), text]),
      );
      res.writeHead(200, headers('application/json; charset=utf-8'));
      res.end(JSON.stringify(strings));
    });
  };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import restify, { Server } from 'restify';
import { PROJECT_ROOT } from '../../platform/projectFiles';

const WEB = path.join(PROJECT_ROOT, 'channels', 'web', 'page');
const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');

/**
 * Web Chat and the font come from the project's own dependencies, never a CDN. The page may open
 * the built-in Direct Line (same origin, ws:) or Azure's (https:/wss: to *.botframework.com).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Web Chat styles its components at run time (emotion) with <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss: https://*.botframework.com blob:",
  "media-src 'self' blob:",
  // Web Chat makes an image attachment's thumbnail in a worker it starts from a blob: URL.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/**
 * The chat page at `/`, the embeddable `/widget.js`, the page's own assets under `/web/`, and
 * Web Chat's bundle and the Tajawal font under `/vendor/`.
 */
export function registerWebPage(server: Server): void {
  const page = readFileSync(path.join(WEB, 'index.html'));
  server.get('/', async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
    res.end(page);
  });
  const widget = readFileSync(path.join(WEB, 'widget.js'));
  server.get('/widget.js', async (_req, res) => {
    // Loaded by other sites' pages, so any origin may fetch it.
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cache-control': 'no-cache' });
    res.end(widget);
  });
  // The page has one address, served with its policy: its file under /web/ is not a second way in.
  server.get('/web/index.html', async (_req, res) => {
    res.writeHead(301, { location: '/', 'content-type': 'text/plain; charset=utf-8' });
    res.end();
  });
  server.get('/web/*', restify.plugins.serveStaticFiles(WEB, { maxAge: 0 }));
  server.get('/vendor/webchat/*', restify.plugins.serveStaticFiles(path.join(NODE_MODULES, 'botframework-webchat', 'dist'), { maxAge: 3_600_000 }));
  server.get('/vendor/tajawal/*', restify.plugins.serveStaticFiles(path.join(NODE_MODULES, '@fontsource', 'tajawal'), { maxAge: 3_600_000 }));
}

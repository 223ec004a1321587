import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocketServer } from 'ws';
import { LocalDirectLine } from './localDirectLine';
import { Watermark } from './directLineSchemas';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/**
 * What may wait unsent on one socket: a client that stops reading (while the conversation goes on)
 * would otherwise make the server buffer every activity for it. Past this it is disconnected; Web
 * Chat reconnects and catches up by watermark.
 */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function reject(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The streamUrl of a conversation: a WebSocket that first sends what the client has not seen
 * (after its watermark) and then every new activity as an ActivitySet, as Azure's Direct Line
 * does. Web Chat opens it by default. The token rides in the URL (`t`), as in Azure's streamUrl,
 * because browsers cannot set headers on a WebSocket.
 */
export function registerDirectLineStreaming(server: Server, directLine: LocalDirectLine): () => void {
  const sockets = new WebSocketServer({ noServer: true });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return reject(socket, '404 Not Found');
    const conversationId = decodeURIComponent(match[1]);
    const claims = directLine.tokens.verify(url.searchParams.get('t') ?? undefined);
    if (!claims || claims.conversationId !== conversationId) return reject(socket, '403 Forbidden');
    const watermark = Watermark.safeParse(url.searchParams.get('watermark') ?? undefined);
    const backlog = directLine.log.since(conversationId, watermark.success ? watermark.data : undefined);
    if (!backlog) return reject(socket, '404 Not Found');

    sockets.handleUpgrade(req, socket, head, (ws) => {
      if (backlog.activities.length > 0) ws.send(JSON.stringify(backlog));
      const unsubscribe = directLine.log.subscribe(conversationId, (set) => {
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
        ws.send(JSON.stringify(set));
      });
      ws.on('close', () => unsubscribe?.());
      ws.on('error', () => ws.terminate());
      // Web Chat pings with empty messages to notice a dead connection; there is nothing to answer.
    });
  };
  // The upgrade event is outside restify's error handling: a throw here (a request target `new URL`
  // cannot parse, an id that is not valid percent-encoding) would end the process, so it is a 400.
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      upgrade(req, socket, head);
    } catch {
      reject(socket, '400 Bad Request');
    }
  };
  server.server.on('upgrade', onUpgrade);
  return () => {
    server.server.off('upgrade', onUpgrade);
    for (const ws of sockets.clients) ws.terminate();
    sockets.close();
  };
}

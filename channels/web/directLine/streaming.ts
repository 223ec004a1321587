import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocketServer } from 'ws';
import type { DirectLineConversations } from './directLineConversations';
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
export function registerDirectLineStreaming(server: Server, directLine: LocalDirectLine<DirectLineConversations>): () => void {
  const sockets = new WebSocketServer({ noServer: true });

  /** The conversation and watermark asked for, once the token admits the caller; undefined when refused. */
  const admit = (req: IncomingMessage, socket: Duplex) => {
    const url = new URL(req.url ?? '', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return void reject(socket, '404 Not Found');
    const conversationId = decodeURIComponent(match[1]);
    const claims = directLine.tokens.verify(url.searchParams.get('t') ?? undefined);
    if (!claims || claims.conversationId !== conversationId) return void reject(socket, '403 Forbidden');
    const watermark = Watermark.safeParse(url.searchParams.get('watermark') ?? undefined);
    return { conversationId, watermark: watermark.success ? watermark.data : undefined };
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer, { conversationId, watermark }: { conversationId: string; watermark?: string }) => {
    const backlog = await directLine.log.since(conversationId, watermark);
    if (!backlog) return reject(socket, '404 Not Found');

    sockets.handleUpgrade(req, socket, head, (ws) => {
      if (backlog.activities.length > 0) ws.send(JSON.stringify(backlog));
      // From the backlog's watermark: an activity appended meanwhile (on any instance) is sent once, after it.
      const unsubscribe = directLine.log.subscribe(
        conversationId,
        (set) => {
          if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
          ws.send(JSON.stringify(set));
        },
        backlog.watermark,
      );
      ws.on('close', () => unsubscribe?.());
      ws.on('error', () => ws.terminate());
      // Web Chat pings with empty messages to notice a dead connection; there is nothing to answer.
    });
  };
  // The upgrade event is outside restify's error handling: a throw here (a request target `new URL`
  // cannot parse, an id that is not valid percent-encoding) would end the process, so it is a 400;
  // a database that does not answer the backlog's read is a 503.
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    let asked: ReturnType<typeof admit>;
    try {
      asked = admit(req, socket);
    } catch {
      return reject(socket, '400 Bad Request');
    }
    if (asked) upgrade(req, socket, head, asked).catch(() => reject(socket, '503 Service Unavailable'));
  };
  server.server.on('upgrade', onUpgrade);
  return () => {
    server.server.off('upgrade', onUpgrade);
    for (const ws of sockets.clients) ws.terminate();
    sockets.close();
  };
}

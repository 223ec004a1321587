import http from 'node:http';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A real HTTP listener that records what it is sent: it stands in for a channel's connector
 * (the bot POSTs activities to {serviceUrl}/v3/conversations/{id}/activities) or an SMS gateway.
 */
export async function startRecordingServer(answer: (req: Recorded) => { status: number; body?: unknown; raw?: Buffer; contentType?: string } = () => ({ status: 200, body: { id: 'recorded' } })) {
  const received: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      received.push(recorded);
      const { status, body, raw: bytes, contentType } = answer(recorded);
      // A file the channel holds (an attachment's contentUrl on the channel's host), or a JSON answer.
      res.writeHead(status, { 'content-type': bytes ? (contentType ?? 'application/octet-stream') : 'application/json' });
      res.end(bytes ?? JSON.stringify(body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

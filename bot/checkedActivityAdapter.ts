import type { ServerResponse } from 'node:http';
import { Activity, CloudAdapter, Request, Response, StatusCodes, TurnContext } from 'botbuilder';
// Not re-exported by botbuilder's index: the function CloudAdapter.process runs on every body.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from '../platform/logger';
import { utf8Bytes } from '../platform/utf8Scratch';

/**
 * The CloudAdapter, with a way in for activities the server has already checked (an object with a
 * type: IncomingActivity in server/incomingActivity.ts). CloudAdapter.process builds two zod schemas on
 * every request to check again that the body is an object; `processChecked` does the rest of what it
 * does for a POST, unchanged: the timestamps turned into dates, the turn run with the request's
 * Authorization header, then the invoke response (or 200), 401 or 500.
 */
export class CheckedActivityAdapter extends CloudAdapter {
  constructor(
    authentication: ConstructorParameters<typeof CloudAdapter>[0],
    private readonly logger: Logger,
  ) {
    super(authentication);
  }

  async processChecked(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const end = (status: number, body?: unknown) => {
      if (hasJsonBody(status, body)) return sendJson(res, status, body);
      res.status(status);
      if (body) res.send(body);
      res.end();
    };
    const activity = validateAndFixActivity(req.body as unknown as Activity);
    const header = req.headers.Authorization ?? req.headers.authorization ?? '';
    try {
      const invokeResponse = await this.processActivity(typeof header === 'string' ? header : '', activity, logic);
      end(invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (error) {
      // Where CloudAdapter.process writes the error to the console and its message to the caller, the
      // error goes to the masking logger and the caller gets a fixed word: nothing internal leaves.
      const unauthorized = error instanceof AuthenticationError;
      this.logger.warn(unauthorized ? 'activity refused: not authenticated' : 'activity failed outside the turn', { error: (error as Error).message });
      end(unauthorized ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR, { error: unauthorized ? 'unauthorized' : 'internal error' });
    }
  }
}

/**
 * A reply restify would write as JSON: an object (not a Buffer, an Error or a stream, which it treats
 * otherwise), with a status that carries a body (restify drops it from a 204 or a 304).
 */
function hasJsonBody(status: number, body: unknown): body is object {
  if (status === 204 || status === 304) return false;
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && !(body instanceof Error) && typeof (body as { pipe?: unknown }).pipe !== 'function';
}

/**
 * The reply as restify's send writes an object (the same body, Content-Type and Content-Length, and
 * the headers the server's `pre` set), written in one call: restify would first look for a formatter
 * by content negotiation on every reply, then write the body and end the response apart.
 *
 * The body goes as the bytes it is, encoded once: given a string, Node's `end` measures its UTF-8 length
 * again (after ours, for the header), joins it to the header and encodes the whole on the way to the
 * socket; the bytes on the wire are the same either way.
 */
function sendJson(res: Response, status: number, body: object): void {
  const bytes = utf8Bytes(JSON.stringify(body));
  // The Response botbuilder types is, on this server, restify's: a Node ServerResponse.
  const raw = res as unknown as ServerResponse;
  raw.statusCode = status;
  raw.setHeader('Content-Type', 'application/json');
  raw.setHeader('Content-Length', bytes.length);
  raw.end(bytes);
}

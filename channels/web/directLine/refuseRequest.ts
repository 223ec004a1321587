import type { Response } from 'restify';

/** Direct Line's and the Bot Connector's error body: `{ error: { code, message } }`. */
export function refuse(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

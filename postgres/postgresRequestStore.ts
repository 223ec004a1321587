import type { Pool } from 'pg';
import { inTransaction } from './database';
import { LoopBatch, ownCopies } from '../platform/loopBatch';
import { localDate } from '../knowledge/rules/workingDays';
import { RequestNumbers } from '../requests/requestNumbers';
import { formatRequestNumber, Request, RequestNumber } from '../requests/requestSchemas';
import { DuplicateRequestNumberError, DuplicateSubmissionError, InvalidTransitionError, NewInformation, RequestFilter, RequestPage, RequestStore, withInformation } from '../requests/requestStore';
import { canMove, RequestStatus, STATUS_TRANSITIONS } from '../requests/statusTransitions';

const UNIQUE_VIOLATION = '23505';
const OPEN_STATUSES = (Object.keys(STATUS_TRANSITIONS) as RequestStatus[]).filter((s) => STATUS_TRANSITIONS[s].length > 0);

/**
 * Requests in PostgreSQL (tables requests and request_history), shared by every instance. The whole
 * request is kept as JSON (validated by the Request schema when added), with the columns the
 * look-ups and the staff API's filters use beside it, indexed. Each status change is one
 * transaction that locks the request's row, so changes from any instance are applied one after the
 * other, each checked against the status the previous one left.
 */
export class PostgresRequestStore implements RequestStore {
  /** Look-ups by number made at the same moment (tracking turns under load) are one query. */
  private readonly byNumber = new LoopBatch<RequestNumber, Request | undefined>((numbers) => this.getAll(numbers));

  constructor(private readonly pool: Pool) {}

  async add(request: Request): Promise<void> {
    const valid = Request.parse(request);
    await inTransaction(this.pool, async (client) => {
      try {
        await client.query(
          `INSERT INTO requests (number, national_id, mobile, status, category, created_at, submitted_on, due_date, submission_key, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
          [
            valid.number,
            valid.nationalId,
            valid.mobile,
            valid.status,
            valid.category,
            valid.createdAt,
            localDate(new Date(valid.createdAt)),
            valid.dueDate,
            valid.submissionKey ?? null,
            JSON.stringify(valid),
          ],
        );
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code === UNIQUE_VIOLATION && constraint === 'requests_by_submission_key') throw new DuplicateSubmissionError(valid.submissionKey!);
        if (code === UNIQUE_VIOLATION) throw new DuplicateRequestNumberError(valid.number);
        throw error;
      }
      for (const entry of valid.history) {
        await client.query('INSERT INTO request_history (number, at, status, note) VALUES ($1, $2, $3, $4)', [valid.number, entry.at, entry.status, entry.note ?? null]);
      }
    });
  }

  get(number: RequestNumber): Promise<Request | undefined> {
    return this.byNumber.add(number);
  }

  private async getAll(numbers: RequestNumber[]): Promise<(Request | undefined)[]> {
    const { rows } = await this.pool.query<{ number: string; body: Request }>({ name: 'request-get', text: 'SELECT number, body FROM requests WHERE number = ANY($1::text[])', values: [[...new Set(numbers)]] });
    const found = new Map(rows.map((row) => [row.number, row.body]));
    const copyFor = ownCopies<Request>();
    return numbers.map((number) => {
      const body = found.get(number);
      return body && copyFor(number, body);
    });
  }

  async findBySubmissionKey(submissionKey: string): Promise<Request | undefined> {
    const { rows } = await this.pool.query<{ body: Request }>('SELECT body FROM requests WHERE submission_key = $1', [submissionKey]);
    return rows[0]?.body;
  }

  async findByPerson(nationalId: string, mobile: string): Promise<Request[]> {
    const { rows } = await this.pool.query<{ body: Request }>(
      'SELECT body FROM requests WHERE national_id = $1 AND mobile = $2 ORDER BY created_at DESC, number DESC',
      [nationalId, mobile],
    );
    return rows.map((r) => r.body);
  }

  async list(filter: RequestFilter = {}): Promise<RequestPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    if (filter.category) where.push(`category = ${param(filter.category)}`);
    if (filter.submittedFrom) where.push(`submitted_on >= ${param(filter.submittedFrom)}::date`);
    if (filter.submittedTo) where.push(`submitted_on <= ${param(filter.submittedTo)}::date`);
    if (filter.overdueOn) where.push(`status = ANY(${param(OPEN_STATUSES)}::text[]) AND due_date < ${param(filter.overdueOn)}::date`);
    const { rows } = await this.pool.query<{ body: Request; total: string }>(
      `SELECT body, count(*) OVER () AS total FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, number DESC OFFSET ${param(filter.offset ?? 0)} LIMIT ${param(filter.limit ?? 50)}`,
      values,
    );
    if (rows.length > 0) return { total: Number(rows[0].total), requests: rows.map((r) => r.body) };
    // A page past the end still says how many there are.
    const count = await this.pool.query<{ total: string }>(`SELECT count(*) AS total FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, values.slice(0, -2));
    return { total: Number(count.rows[0].total), requests: [] };
  }

  updateStatus(number: RequestNumber, status: RequestStatus, note?: string, now = new Date()): Promise<Request | undefined> {
    return this.change(number, (request) => {
      if (!canMove(request.status, status)) throw new InvalidTransitionError(request.status, status);
      const at = now.toISOString();
      return { request: { ...request, status, updatedAt: at, history: [...request.history, note ? { status, at, note } : { status, at }] }, note };
    });
  }

  /** The person's addition (the rule is withInformation's). */
  addInformation(number: RequestNumber, addition: NewInformation, now = new Date()): Promise<Request | undefined> {
    return this.change(number, (request) => ({ request: Request.parse(withInformation(request, addition, now.toISOString())), note: 'information added by the requester' }));
  }

  /**
   * One change to a request, under its row's lock, so changes from any instance apply one after the
   * other: `apply` gets the request as stored and returns it changed, its newest history entry the
   * one recorded in request_history. Undefined when there is no such request.
   */
  private change(number: RequestNumber, apply: (request: Request) => { request: Request; note?: string }): Promise<Request | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ body: Request }>('SELECT body FROM requests WHERE number = $1 FOR UPDATE', [number]);
      if (!rows[0]) return undefined;
      const { request: updated, note } = apply(rows[0].body);
      const entry = updated.history[updated.history.length - 1];
      await client.query('UPDATE requests SET status = $2, body = $3::jsonb WHERE number = $1', [number, updated.status, JSON.stringify(updated)]);
      await client.query('INSERT INTO request_history (number, at, status, note) VALUES ($1, $2, $3, $4)', [number, entry.at, entry.status, note ?? null]);
      return updated;
    });
  }
}

/**
 * "TW-<year>-<sequence>" from the database's sequence: unique across every instance on the
 * database, and never handed out twice even when a submission fails after taking one.
 */
export class SequenceRequestNumbers implements RequestNumbers {
  constructor(private readonly pool: Pool) {}

  async next(now: Date): Promise<RequestNumber> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT nextval('request_number_seq') AS n");
    return formatRequestNumber(Number(localDate(now).slice(0, 4)), Number(rows[0].n));
  }
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { makePrivateDir, PrivateJSONFile } from '../platform/privateFiles';
import { z } from 'zod';
import { localDate } from '../knowledge/rules/workingDays';
import { DuplicateRequestNumberError, DuplicateSubmissionError, InvalidTransitionError, NewInformation, RequestFilter, RequestPage, RequestStore, withInformation } from './requestStore';
import { Request, RequestNumber, sequenceOf } from './requestSchemas';
import { isOverdue } from './overdue';
import { canMove, RequestStatus } from './statusTransitions';

type Shard = Low<Record<string, Request>>;

/** Requests per file: a write rewrites one file of at most this many, however many are stored. */
const SHARD_SIZE = 1000;
const SHARD_FILE = /^requests-(\d{5})\.json$/;
const ShardContents = z.record(z.string(), Request);

/**
 * Requests in JSON files under DATA_DIR/requests with lowdb. Files are filled in order, each up to
 * SHARD_SIZE requests, whatever their numbers (random numbers would otherwise scatter one file per
 * request): a new request always lands in the newest, small file, and which file holds which number
 * is kept in memory, built when the store opens. lowdb's writer (steno)
 * writes a temporary file and renames it over the old one, so a crash leaves the previous or the
 * new file, never half of one; it also queues concurrent writes to one file.
 *
 * Every request is in memory with indexes by number and by national ID, so look-ups do not grow
 * with the number stored. Numbers come from the request service (RequestNumbers); a number already
 * held is refused synchronously, before any await.
 */
export class LowdbRequestStore implements RequestStore {
  private readonly shards = new Map<number, Shard>();
  /** Which file (by its index) holds each number; how many requests each file holds. */
  private readonly shardOfNumber = new Map<string, number>();
  private readonly shardSizes = new Map<number, number>();
  private newestShard = 0;
  private readonly byNumber = new Map<string, Request>();
  private readonly byNationalId = new Map<string, Set<string>>();
  private readonly bySubmissionKey = new Map<string, string>();
  private lastSequence = 0;
  private changes: Promise<unknown> = Promise.resolve();

  private constructor(private readonly directory: string) {}

  static async open(directory: string): Promise<LowdbRequestStore> {
    await makePrivateDir(directory);
    const store = new LowdbRequestStore(directory);
    for (const file of (await readdir(directory)).filter((f) => SHARD_FILE.test(f)).sort()) {
      const shard: Shard = new Low(new PrivateJSONFile(path.join(directory, file)), {});
      await shard.read();
      const parsed = ShardContents.safeParse(shard.data);
      if (!parsed.success) throw new Error(`Request store: ${file} does not hold valid requests: ${parsed.error.issues[0]?.message}`);
      shard.data = parsed.data;
      const index = Number(SHARD_FILE.exec(file)![1]);
      store.shards.set(index, shard);
      store.shardSizes.set(index, Object.keys(parsed.data).length);
      store.newestShard = Math.max(store.newestShard, index);
      for (const request of Object.values(parsed.data)) {
        store.shardOfNumber.set(request.number, index);
        store.index(request);
      }
    }
    return store;
  }

  get size(): number {
    return this.byNumber.size;
  }

  /** The highest sequence of any number stored: where the embedded numbering carries on from. */
  get highestSequence(): number {
    return this.lastSequence;
  }

  async add(request: Request): Promise<void> {
    this.place(Request.parse(request));
    try {
      await this.shardOf(request.number).write();
    } catch (error) {
      // Not on disk means not stored: forget it, so nobody is told a number that a restart would lose.
      this.forget(request);
      throw error;
    }
  }

  /** Stores many requests with one write per file: for seeding and benchmarks. */
  async addMany(requests: Request[]): Promise<void> {
    const touched = new Set(requests.map((request) => this.shardOf(this.place(Request.parse(request)).number)));
    await Promise.all([...touched].map((shard) => shard.write()));
  }

  async get(number: RequestNumber): Promise<Request | undefined> {
    const request = this.byNumber.get(number);
    return request && structuredClone(request);
  }

  async findBySubmissionKey(submissionKey: string): Promise<Request | undefined> {
    const number = this.bySubmissionKey.get(submissionKey);
    return number === undefined ? undefined : this.get(number);
  }

  async findByPerson(nationalId: string, mobile: string): Promise<Request[]> {
    const numbers = [...(this.byNationalId.get(nationalId) ?? [])];
    return numbers
      .map((n) => this.byNumber.get(n)!)
      .filter((r) => r.mobile === mobile)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((r) => structuredClone(r));
  }

  async list(filter: RequestFilter = {}): Promise<RequestPage> {
    const matching = [...this.byNumber.values()].filter((r) => matches(r, filter)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? 50;
    return { total: matching.length, requests: matching.slice(offset, offset + limit).map((r) => structuredClone(r)) };
  }

  /**
   * Changes (of status, or information added) run one at a time: each is checked against, and builds
   * on, the request as the previous change left it (a change is only swapped in once written, so two
   * running together would both start from the old request and one would be lost).
   */
  updateStatus(number: RequestNumber, status: RequestStatus, note?: string, now = new Date()): Promise<Request | undefined> {
    return this.change(number, (request) => {
      if (!canMove(request.status, status)) throw new InvalidTransitionError(request.status, status);
      const at = now.toISOString();
      const updated: Request = { ...structuredClone(request), status, updatedAt: at };
      updated.history.push(note ? { status, at, note } : { status, at });
      return updated;
    });
  }

  addInformation(number: RequestNumber, addition: NewInformation, now = new Date()): Promise<Request | undefined> {
    return this.change(number, (request) => Request.parse(withInformation(request, addition, now.toISOString())));
  }

  private change(number: RequestNumber, apply: (request: Request) => Request): Promise<Request | undefined> {
    const change = this.changes.then(() => this.applyChange(number, apply));
    this.changes = change.catch(() => undefined);
    return change;
  }

  private async applyChange(number: RequestNumber, apply: (request: Request) => Request): Promise<Request | undefined> {
    const request = this.byNumber.get(number);
    if (!request) return undefined;
    // The change is made on a copy and becomes the request only once written, as in create: a write
    // that fails leaves memory as the file is, so nobody is shown a status a restart would lose.
    const updated = apply(request);
    const shard = this.shardOf(number);
    shard.data[number] = updated;
    try {
      await shard.write();
    } catch (error) {
      shard.data[number] = request;
      throw error;
    }
    this.byNumber.set(number, updated);
    return structuredClone(updated);
  }

  /**
   * Puts a request in memory and in the newest file's data (a new file once that one holds
   * SHARD_SIZE), synchronously, so two adds of one number cannot both pass.
   */
  private place(request: Request): Request {
    if (this.byNumber.has(request.number)) throw new DuplicateRequestNumberError(request.number);
    if (request.submissionKey !== undefined && this.bySubmissionKey.has(request.submissionKey)) throw new DuplicateSubmissionError(request.submissionKey);
    const kept = structuredClone(request);
    if ((this.shardSizes.get(this.newestShard) ?? 0) >= SHARD_SIZE) this.newestShard += 1;
    this.shardOfNumber.set(kept.number, this.newestShard);
    this.shardSizes.set(this.newestShard, (this.shardSizes.get(this.newestShard) ?? 0) + 1);
    this.shardOf(kept.number).data[kept.number] = kept;
    this.index(kept);
    return kept;
  }

  private index(request: Request): void {
    this.byNumber.set(request.number, request);
    const numbers = this.byNationalId.get(request.nationalId) ?? new Set<string>();
    numbers.add(request.number);
    this.byNationalId.set(request.nationalId, numbers);
    if (request.submissionKey !== undefined) this.bySubmissionKey.set(request.submissionKey, request.number);
    this.lastSequence = Math.max(this.lastSequence, sequenceOf(request.number));
  }

  private forget(request: Request): void {
    const index = this.shardOfNumber.get(request.number)!;
    delete this.shardOf(request.number).data[request.number];
    this.shardSizes.set(index, this.shardSizes.get(index)! - 1);
    this.shardOfNumber.delete(request.number);
    this.byNumber.delete(request.number);
    this.byNationalId.get(request.nationalId)?.delete(request.number);
    if (request.submissionKey !== undefined) this.bySubmissionKey.delete(request.submissionKey);
  }

  /** The file holding a number already placed. */
  private shardOf(number: RequestNumber): Shard {
    const index = this.shardOfNumber.get(number)!;
    let shard = this.shards.get(index);
    if (!shard) {
      const file = path.join(this.directory, `requests-${String(index).padStart(5, '0')}.json`);
      shard = new Low(new PrivateJSONFile(file), {});
      this.shards.set(index, shard);
    }
    return shard;
  }
}

function matches(request: Request, filter: RequestFilter): boolean {
  const submitted = localDate(new Date(request.createdAt));
  if (filter.status && request.status !== filter.status) return false;
  if (filter.category && request.category !== filter.category) return false;
  if (filter.submittedFrom && submitted < filter.submittedFrom) return false;
  if (filter.submittedTo && submitted > filter.submittedTo) return false;
  if (filter.overdueOn && !isOverdue(request, filter.overdueOn)) return false;
  return true;
}

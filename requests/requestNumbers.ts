import crypto from 'node:crypto';
import { localDate } from '../knowledge/rules/workingDays';
import { formatRequestNumber, RequestNumber } from './requestSchemas';

/**
 * Where request numbers come from, apart from where requests are kept: random numbers in
 * production, a counter for tests and benchmarks, a database sequence with PostgreSQL. A store
 * refuses a number it already holds (DuplicateRequestNumberError), so a numbering that ever repeats
 * one costs a retry, never a request.
 */
export interface RequestNumbers {
  next(now: Date): Promise<RequestNumber>;
}

/**
 * "TW-<year>-<sequence>", the sequence counting on from the highest number already stored (the
 * embedded store says which, at start-up). Numbers are taken synchronously, so concurrent
 * submissions in this process cannot share one. Readable in tests and benchmarks, but it tells
 * anyone who submits how many requests there are, and numbers next to theirs: not for production.
 */
export class SequentialRequestNumbers implements RequestNumbers {
  constructor(private last: number) {}

  async next(now: Date): Promise<RequestNumber> {
    this.last += 1;
    return formatRequestNumber(Number(localDate(now).slice(0, 4)), this.last);
  }
}

/**
 * "TW-<year>-<8 random digits>" (10000000–99999999, so it is written back exactly as given): the
 * readable prefix and the year stay, but a number says nothing about how many requests exist or
 * which numbers others hold. 90 million numbers a year: a repeat is refused by the store and the
 * request service draws again.
 */
export class RandomRequestNumbers implements RequestNumbers {
  static readonly DIGITS = 8;

  constructor(private readonly randomInt: (min: number, max: number) => number = crypto.randomInt) {}

  async next(now: Date): Promise<RequestNumber> {
    const low = 10 ** (RandomRequestNumbers.DIGITS - 1);
    return formatRequestNumber(Number(localDate(now).slice(0, 4)), this.randomInt(low, 10 * low));
  }
}

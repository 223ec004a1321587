import { localDate } from '../knowledge/rules/workingDays';
import { formatRequestNumber, RequestNumber } from './requestSchemas';

/**
 * Where request numbers come from, apart from where requests are kept: the embedded counter here,
 * a database sequence with PostgreSQL. A store refuses a number it already holds
 * (DuplicateRequestNumberError), so a numbering that ever repeats one costs a retry, never a request.
 */
export interface RequestNumbers {
  next(now: Date): Promise<RequestNumber>;
}

/**
 * "TW-<year>-<sequence>", the sequence counting on from the highest number already stored (the
 * embedded store says which, at start-up). Numbers are taken synchronously, so concurrent
 * submissions in this process cannot share one.
 */
export class SequentialRequestNumbers implements RequestNumbers {
  constructor(private last: number) {}

  async next(now: Date): Promise<RequestNumber> {
    this.last += 1;
    return formatRequestNumber(Number(localDate(now).slice(0, 4)), this.last);
  }
}

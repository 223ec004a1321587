import { Pool } from 'pg';
import { PostgresAttachmentStore } from '../../postgres/postgresAttachmentStore';
import { PostgresRequestStore, SequenceRequestNumbers } from '../../postgres/postgresRequestStore';
import { createLogger } from '../../platform/logger';
import { RequestService } from '../../requests/requestService';
import { draftFor } from '../support/requestDrafts';
import { PostgresBackend } from '../support/storeBackends';

const pg = new PostgresBackend();
beforeAll(() => pg.setUp());
afterAll(() => pg.tearDown());

/** One instance's request service on the shared database, with its own pool (the SMS left out). */
function instance(pool: Pool): RequestService {
  return new RequestService({
    store: new PostgresRequestStore(pool),
    numbers: new SequenceRequestNumbers(pool),
    attachments: new PostgresAttachmentStore(pool),
    notifier: { tell: async () => ({ sms: true, chat: false }) },
    logger: createLogger('silent'),
  });
}

test('1,000 submissions at once across two instances give 1,000 distinct requests', async () => {
  const instances = [instance(pg.pool()), instance(pg.pool())];
  const submitted = await Promise.all(Array.from({ length: 1000 }, (_, i) => instances[i % 2].submit(draftFor(i + 1))));
  const numbers = submitted.map((s) => s.request.number);
  expect(new Set(numbers).size).toBe(1000);
  const { rows } = await pg.pool().query('SELECT count(DISTINCT number)::int AS n, count(*)::int AS total FROM requests');
  expect(rows[0]).toEqual({ n: 1000, total: 1000 });
}, 120_000);

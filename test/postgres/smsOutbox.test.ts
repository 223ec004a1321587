import { Pool } from 'pg';
import { PostgresOutboxSmsSender } from '../../postgres/postgresSmsSender';
import { PostgresBackend } from '../support/storeBackends';

const pg = new PostgresBackend();
beforeAll(() => pg.setUp());
afterAll(() => pg.tearDown());

test('each SMS is one unsent row in the outbox, in the order sent, its text whole', async () => {
  const pool: Pool = pg.pool();
  const sender = new PostgresOutboxSmsSender(pool);
  await sender.sendSms({ to: '+966501234567', text: 'رقم طلبك TW-2026-000001', requestNumber: 'TW-2026-000001' });
  await sender.sendSms({ to: '+966501234568', text: 'Your request TW-2026-000002', requestNumber: 'TW-2026-000002' });
  const { rows } = await pool.query('SELECT to_mobile, text, request_number, sent_at FROM sms_outbox ORDER BY id');
  expect(rows).toEqual([
    { to_mobile: '+966501234567', text: 'رقم طلبك TW-2026-000001', request_number: 'TW-2026-000001', sent_at: null },
    { to_mobile: '+966501234568', text: 'Your request TW-2026-000002', request_number: 'TW-2026-000002', sent_at: null },
  ]);
});

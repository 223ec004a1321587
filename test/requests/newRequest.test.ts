import { newRequest } from '../../requests/newRequest';
import { draftFor } from '../support/requestDrafts';

// The due date counts 7 working days (Sunday–Thursday) from the day of submission in Riyadh (UTC+3),
// whatever the server's clock zone: these instants fall on different days in UTC and in Riyadh.
test.each([
  // instant (UTC)           Riyadh day                   due
  ['2026-11-21T20:59:00Z', 'Saturday 21 Nov, 23:59', '2026-11-30'],
  ['2026-11-21T21:30:00Z', 'Sunday 22 Nov, 00:30', '2026-12-01'],
  ['2026-11-21T22:30:00Z', 'Sunday 22 Nov, 01:30', '2026-12-01'],
  ['2026-11-22T20:59:00Z', 'Sunday 22 Nov, 23:59', '2026-12-01'],
  ['2026-11-22T21:00:00Z', 'Monday 23 Nov, 00:00', '2026-12-02'],
])('submitted at %s (%s in Riyadh) is due %s', (instant, _riyadh, due) => {
  expect(newRequest(draftFor(1), 'TW-2026-000001', new Date(instant)).dueDate).toBe(due);
});

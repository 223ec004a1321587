import { isOverdue } from '../../requests/overdue';
import { RequestStatus } from '../../requests/statusTransitions';

describe('the overdue rule', () => {
  test.each<[RequestStatus, string, string, boolean]>([
    // [status, due, today, overdue]
    ['received', '2026-12-01', '2026-11-30', false],
    ['received', '2026-12-01', '2026-12-01', false], // due today: still on time
    ['received', '2026-12-01', '2026-12-02', true],
    ['in_review', '2026-12-01', '2027-01-15', true],
    ['awaiting_info', '2026-12-01', '2026-12-02', true],
    ['resolved', '2026-12-01', '2027-01-15', false], // closed requests are never overdue
    ['rejected', '2026-12-01', '2027-01-15', false],
  ])('%s, due %s, on %s: overdue %s', (status, dueDate, today, overdue) => {
    expect(isOverdue({ status, dueDate }, today)).toBe(overdue);
  });
});

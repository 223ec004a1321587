import path from 'node:path';
import { FolderAttachmentStore } from '../../requests/attachmentStore';
import { createLogger } from '../../platform/logger';
import { HandoffService } from '../../staff/handoffService';
import { FileHandoffQueue } from '../../staff/fileHandoffQueue';
import { parseStaffHours, StaffSchedule } from '../../staff/staffHours';
import { temporaryDataDir } from '../support/testApp';

const riyadh = (local: string) => new Date(`${local}+03:00`);
const schedule = new StaffSchedule(parseStaffHours('sun-thu 08:00-16:00'));

describe('staff hours', () => {
  test.each([
    ['Wednesday 2026-12-02 10:00', '2026-12-02T10:00:00', true, undefined],
    ['Wednesday 07:59', '2026-12-02T07:59:00', false, 'today at 08:00 (Riyadh time)'],
    ['Wednesday 16:00', '2026-12-02T16:00:00', false, 'tomorrow at 08:00 (Riyadh time)'],
    ['Thursday 17:00', '2026-12-03T17:00:00', false, 'on Sunday at 08:00 (Riyadh time)'],
    ['Friday', '2026-12-04T11:00:00', false, 'on Sunday at 08:00 (Riyadh time)'],
    // National Day 2027 is a Thursday: staff are back on Sunday.
    ['Wednesday before National Day 2027, after hours', '2027-09-22T18:00:00', false, 'on Sunday at 08:00 (Riyadh time)'],
  ])('%s', (_name, local, open, back) => {
    const now = riyadh(local);
    const availability = schedule.availability(now);
    expect(availability.open).toBe(open);
    if (back) expect(schedule.describeBack(availability.backAt!, now, 'en')).toBe(back);
  });

  test('described in both languages; "always" and lists of days', () => {
    expect(schedule.describe('en')).toBe('Sunday to Thursday, 08:00 to 16:00 (Riyadh time)');
    expect(schedule.describe('ar')).toBe('من الأحد إلى الخميس، من \u206808:00\u2069 إلى \u206816:00\u2069 (بتوقيت الرياض)');
    expect(new StaffSchedule(parseStaffHours('always')).availability(riyadh('2026-12-04T03:00:00')).open).toBe(true);
    expect(parseStaffHours('sun,tue-thu 09:00-13:30')).toEqual({ always: false, weekdays: [0, 2, 3, 4], fromMinute: 540, toMinute: 810 });
    expect(() => parseStaffHours('sun-xyz 08:00-16:00')).toThrow(/STAFF_HOURS/);
    expect(() => parseStaffHours('sun-thu 16:00-08:00')).toThrow(/STAFF_HOURS/);
  });
});

test('a wait counts only within staff hours: joined on Friday, expired four hours after Sunday’s opening', async () => {
  let now = riyadh('2026-12-04T11:00:00');
  const told: string[] = [];
  const queue = await FileHandoffQueue.open(path.join(temporaryDataDir(), 'handoff'));
  const service = new HandoffService({
    queue,
    channel: { send: async (_ref, text) => (told.push(text), true) },
    schedule,
    logger: createLogger('silent'),
    now: () => now,
    agentTimeoutMs: 60_000,
    files: { store: new FolderAttachmentStore(temporaryDataDir()), maxBytes: 1024 * 1024, maxFiles: 5 },
  });
  const session = await service.join({ conversationId: 'c1', conversationReference: {}, channelId: 'test', language: 'en', reason: 'asked' });
  now = riyadh('2026-12-06T08:30:00');
  await service.sweep();
  expect((await service.get(session.caseId))!.status).toBe('waiting');
  now = riyadh('2026-12-06T12:01:00');
  await service.sweep();
  expect((await service.get(session.caseId))!.status).toBe('expired');
  expect(told.join('\n')).toMatch(/place in the queue has been closed/);
});

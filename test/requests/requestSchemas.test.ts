import fc from 'fast-check';
import { Email, SaudiMobile } from '../../requests/contactDetails';
import { RequestNumber } from '../../requests/requestSchemas';
import { passesIdCheckDigit, SaudiId, saudiIdProblem } from '../../requests/saudiId';
import { canMove, STATUS_TRANSITIONS, RequestStatus } from '../../requests/statusTransitions';
import { citizenId, iqamaNumber, withCheckDigit, withWrongCheckDigit } from '../support/saudiIds';

const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

describe('Saudi national ID and iqama number', () => {
  test.each([
    [citizenId(7), undefined],
    [iqamaNumber(7), undefined],
    [toArabicIndic(citizenId(8)), undefined],
    [citizenId(9).replace(/(\d{3})(\d{3})/, '$1 $2 '), undefined],
    ['12345', 'length'],
    ['12345678901', 'length'],
    ['abcdefghij', 'length'],
    ['', 'length'],
    [withCheckDigit('300000001'), 'prefix'],
    [withWrongCheckDigit(citizenId(7)), 'checkDigit'],
    [withWrongCheckDigit(iqamaNumber(3)), 'checkDigit'],
  ])('"%s" → %s', (typed, problem) => {
    expect(saudiIdProblem(typed)).toBe(problem);
    expect(SaudiId.safeParse(typed).success).toBe(problem === undefined);
  });

  test('exactly one check digit completes any nine digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[12]\d{8}$/), (nine) => {
        const valid = [...'0123456789'].filter((d) => passesIdCheckDigit(nine + d));
        expect(valid).toHaveLength(1);
      }),
    );
  });

  test('changing any one digit of a valid number is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[12]\d{8}$/), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (nine, position, delta) => {
        const id = withCheckDigit(nine);
        const changed = id.slice(0, position) + ((Number(id[position]) + delta) % 10) + id.slice(position + 1);
        expect(passesIdCheckDigit(changed)).toBe(false);
      }),
    );
  });
});

describe('Saudi mobile, stored as E.164', () => {
  test.each([
    ['0512345678', '+966512345678'],
    ['512345678', '+966512345678'],
    ['+966512345678', '+966512345678'],
    ['00966512345678', '+966512345678'],
    ['966512345678', '+966512345678'],
    ['٠٥١٢٣٤٥٦٧٨', '+966512345678'],
    ['+966 51 234 5678', '+966512345678'],
    ['051-234-5678', '+966512345678'],
  ])('"%s" → %s', (typed, e164) => {
    expect(SaudiMobile.parse(typed)).toBe(e164);
  });

  test.each(['0412345678', '05123456', '051234567890', '+971512345678', '0112345678', 'mobile', ''])('"%s" is refused', (typed) => {
    expect(SaudiMobile.safeParse(typed).success).toBe(false);
  });
});

describe('email', () => {
  test.each([
    ['Ahmad@Example.com', 'ahmad@example.com'],
    [' sara.ali+tawasul@mail.example.sa ', 'sara.ali+tawasul@mail.example.sa'],
  ])('"%s" → %s', (typed, stored) => {
    expect(Email.parse(typed)).toBe(stored);
  });

  test.each(['a@b', 'no-at-sign.com', '@example.com', 'two@@example.com', 'spaces in@example.com x', `${'a'.repeat(250)}@example.com`])('"%s" is refused', (typed) => {
    expect(Email.safeParse(typed).success).toBe(false);
  });
});

describe('request number as typed back', () => {
  test.each([
    ['TW-2026-000042', 'TW-2026-000042'],
    ['tw2026000042', 'TW-2026-000042'],
    ['TW 2026 000042', 'TW-2026-000042'],
    ['TW-٢٠٢٦-٠٠٠٠٤٢', 'TW-2026-000042'],
    ['\u200FTW-2026-000042\u200F', 'TW-2026-000042'],
    ['\u202BTW\u200E-2026-000042\u202C', 'TW-2026-000042'],
    ['TW-۲۰۲۶-۰۰۰۰۴۲', 'TW-2026-000042'],
    ['TW-2026-0000042', 'TW-2026-000042'],
    ['TW‐2026‐000042', 'TW-2026-000042'],
    ['TW-2026-1234567', 'TW-2026-1234567'],
  ])('"%s" → %s', (typed, number) => {
    expect(RequestNumber.parse(typed)).toBe(number);
  });

  test.each(['2026-000042', 'TW-26-42', 'XX-2026-000042', '', 'TW-2026-42', 'TW-2026-1234567890123'])('"%s" is refused', (typed) => {
    expect(RequestNumber.safeParse(typed).success).toBe(false);
  });
});

describe('status graph', () => {
  test.each<[RequestStatus, RequestStatus, boolean]>([
    ['received', 'in_review', true],
    ['in_review', 'awaiting_info', true],
    ['awaiting_info', 'in_review', true],
    ['in_review', 'resolved', true],
    ['awaiting_info', 'rejected', true],
    ['received', 'resolved', false],
    ['resolved', 'in_review', false],
    ['rejected', 'received', false],
    ['in_review', 'in_review', false],
  ])('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  test('no status leads back to "received"', () => {
    expect(Object.values(STATUS_TRANSITIONS).flat()).not.toContain('received');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { finesTalk, isFinesQuestion } from '../../knowledge/fines/finesQuestion';
import { parseOffenceNumber } from '../../knowledge/fines/lateRenewalCount';
import { mixedTraffic } from '../bench/mixedTraffic';

/** The rule isFinesQuestion keeps, written out over everything finesTalk reads of the message. */
function byTheRule(text: string): boolean {
  const t = finesTalk(text);
  if (t.penalty && (t.expiry || t.late)) return true;
  if (t.iqama && t.late) return true;
  return t.iqama && t.expiry && parseOffenceNumber(text) !== undefined;
}

const fines = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'fines-blind-set.json'), 'utf8')) as { text: string }[];
const traffic = mixedTraffic();
const messages = [...fines.map((f) => f.text), ...traffic.ar, ...traffic.en];

test('every fines question and every message of the mixed traffic is read by the rule', () => {
  const differing = messages.filter((text) => isFinesQuestion(text) !== byTheRule(text));
  expect(differing).toEqual([]);
  // Both sides occur, so the comparison says something.
  expect(messages.filter((text) => isFinesQuestion(text)).length).toBeGreaterThan(fines.length / 2);
  expect(messages.filter((text) => !isFinesQuestion(text)).length).toBeGreaterThan(100);
});

test('every mix of iqama, penalty, lateness, expiry and an offence number is read by the rule', () => {
  const parts = {
    iqama: ['', 'اقامتي', 'my iqama'],
    penalty: ['', 'كم الغرامه', 'what is the fine'],
    late: ['', 'تأخرت في التجديد', 'renewed late'],
    expiry: ['', 'انتهت', 'expired'],
    offence: ['', 'ثاني مره', 'third time'],
  };
  fc.assert(
    fc.property(
      fc.constantFrom(...parts.iqama),
      fc.constantFrom(...parts.penalty),
      fc.constantFrom(...parts.late),
      fc.constantFrom(...parts.expiry),
      fc.constantFrom(...parts.offence),
      (...said) => {
        const text = said.filter(Boolean).join(' ');
        expect(isFinesQuestion(text)).toBe(byTheRule(text));
      },
    ),
    { numRuns: 400 },
  );
  expect(isFinesQuestion('اقامتي انتهت وهذي ثاني مره')).toBe(true);
  expect(isFinesQuestion('اقامتي انتهت')).toBe(false);
  expect(isFinesQuestion('what is the fine, my iqama expired')).toBe(true);
  expect(isFinesQuestion('unpaid traffic fines: can my iqama be renewed?')).toBe(false);
});

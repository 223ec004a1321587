import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { maskPersonalData } from '../../platform/maskPersonalData';
import { singleSpaced } from '../../knowledge/text/singleSpaced';
import { maskQuestion } from '../../knowledge/feedback/keptQuestion';
import { groupUnanswered } from '../../knowledge/feedback/unansweredGroups';
import { readUnanswered, UnansweredLog } from '../../knowledge/feedback/unansweredLog';

const temporaryFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unanswered-')), 'unanswered.jsonl');

describe('maskQuestion', () => {
  test.each([
    ['رقم هويتي 1234567890 وجوالي 0551234567 متى يردون', 'رقم هويتي وجوالي متى يردون'],
    ['my request TW-2026-000042 is late, email me at sara.ali@example.com', 'my request TW- - is late, email me at'],
    ['my name is Sara Ali and I need the tawasul fax', 'my name is … and I need the tawasul fax'],
    ['السلام عليكم اسمي محمد عبدالله ابي رقم فاكس الجوازات', 'السلام عليكم اسمي … ابي رقم فاكس الجوازات'],
    ['٠٥٥١٢٣٤٥٦٧ كم رسوم ٣ سنوات', 'كم رسوم سنوات'],
  ])('%s', (question, masked) => {
    expect(maskQuestion(question)).toBe(masked);
  });
});

test('a question is masked as every pattern run over it gives, whether or not it holds an "@", a digit or a star', () => {
  // The masking as written before its searches were skipped for text that cannot hold what they look for.
  const byPatterns = (question: string) =>
    singleSpaced(
      maskPersonalData(question.replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, ' '))
        .replace(/\b([Mm]y name is|[Mm]y name's|[Tt]his is|I am called)((?:\s+\p{Lu}[\p{L}'-]*){1,3})/gu, (_whole, intro: string) => `${intro} …`)
        .replace(/((?:^|\s)(?:انا اسمي|اسمي|معك|معاك))((?:\s+[\u0621-\u064A]+){1,2})/gu, (_whole, intro: string) => `${intro} …`)
        .replace(/[\p{N}*]+/gu, ' '),
    ).slice(0, 300);
  const parts = ['كم', 'غرامه', 'اسمي', 'محمد', 'my name is', 'Sara', 'a@b.co', '@', 'x@', '5', '٥', '۵', '0551234567', '*', '²', '½', 'Ⅻ', ' ', '  ', '.', '؟', 'é', '😀', '\u064b'];
  const typed = fc.array(fc.constantFrom(...parts), { maxLength: 20 }).map((chosen) => chosen.join(' '));
  fc.assert(fc.property(fc.oneof(typed, fc.string({ unit: 'binary' })), (question) => expect(maskQuestion(question)).toBe(byPatterns(question))), { numRuns: 3000 });
});

describe('UnansweredLog', () => {
  test('keeps masked questions in a file only its owner can read, and groups them by similar wording', async () => {
    const file = temporaryFile();
    const log = new UnansweredLog(file);
    log.record('كم رسوم تواصل؟', 'ar', 'declined', 0.2);
    log.record('كم رسوم خدمة تواصل', 'ar', 'declined', 0.2);
    log.record('رسوم تواصل كم', 'ar', 'declined', 0.3);
    log.record('what is the jawazat fax number 0112345678', 'en', 'declined', 0.1);
    log.record('12345', 'en', 'declined', 0);
    await log.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const records = readUnanswered(file);
    expect(records).toHaveLength(4);
    expect(records.map((r) => r.text).join(' ')).not.toMatch(/\d/);
    const { groups, questions } = groupUnanswered(records);
    expect(questions).toBe(4);
    expect(groups[0]).toMatchObject({ count: 2, languages: ['ar'], outcomes: { declined: 2, clarified: 0 } });
    expect(groups.map((g) => g.count).reduce((a, b) => a + b)).toBe(4);
  });

  test('a line cut short is skipped when read', async () => {
    const file = temporaryFile();
    const log = new UnansweredLog(file);
    log.record('tawasul fax number', 'en', 'declined', 0);
    await log.close();
    fs.appendFileSync(file, '{"at":"2026');
    expect(readUnanswered(file)).toHaveLength(1);
  });

  test('the grouped list reads what was recorded since it was last asked, and starts afresh when an editor empties the file', async () => {
    const file = temporaryFile();
    const log = new UnansweredLog(file);
    expect(await log.grouped(10)).toEqual({ questions: 0, groupCount: 0, groups: [] });
    log.record('tawasul fax number', 'en', 'declined', 0);
    log.record('what is the tawasul fax number', 'en', 'low-confidence', 0.4);
    expect((await log.grouped(10)).groups).toEqual([expect.objectContaining({ count: 2, outcomes: { declined: 1, clarified: 0, 'low-confidence': 1 } })]);
    log.record('رقم فاكس تواصل', 'ar', 'clarified', 0);
    log.record('ساعات عمل الجوازات يوم الجمعة', 'ar', 'declined', 0.1);
    const summary = await log.grouped(1);
    expect(summary).toMatchObject({ questions: 4, groupCount: 3 });
    expect(summary.groups).toHaveLength(1);
    fs.truncateSync(file, 0);
    log.record('ساعات عمل الجوازات', 'ar', 'declined', 0.1);
    expect(await log.grouped(10)).toMatchObject({ questions: 1, groupCount: 1 });
    await log.close();
  });
});

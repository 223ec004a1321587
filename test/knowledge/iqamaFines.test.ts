import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildKnowledgeBase } from '../../knowledge/build/buildKnowledgeBase';
import { parseOffenceNumber } from '../../knowledge/fines/lateRenewalCount';
import { parseExpiryDate } from '../../knowledge/fines/expiryDate';
import { iqamaStatus } from '../../knowledge/fines/iqamaStatus';
import { IqamaFineDialog } from '../../dialogs/iqamaFineDialog';
import { FaqResponder } from '../../dialogs/faq/faqResponder';
import { FaqRetriever } from '../../knowledge/retrieval/faqRetriever';
import { CONTENT_DIR, loadContent } from '../../knowledge/content';
import { iqamaFineRules, rungFor } from '../../knowledge/rules/iqamaFines';

const rules = iqamaFineRules();
const retriever = new FaqRetriever(buildKnowledgeBase());

describe('the offence ladder is the document’s', () => {
  test.each(['ar', 'en'] as const)('every rung quotes, word for word, a line of the cited section (%s)', (language) => {
    const section = retriever.entryBySection(rules.source.section, language)!;
    expect(section).toBeDefined();
    if (language === 'ar') expect(section.source.file).toBe(rules.source.file);
    expect(section.items).toEqual(rules.offences.map((rung) => rung.quote[language]));
  });

  test('each amount is the number its quote states, and deportation is what the last rung says', () => {
    for (const rung of rules.offences) {
      const stated = rung.quote.ar.match(/[\d,]+(?= ريال)/)?.[0]?.replace(/,/g, '');
      if (rung.consequence === 'fine') expect(Number(stated)).toBe(rung.amountSar);
      else expect(rung.quote.ar).toMatch(/الإبعاد/);
    }
    expect(rules.offences.map((r) => (r.consequence === 'fine' ? r.amountSar : r.consequence))).toEqual([500, 1000, 'deportation']);
  });

  test('the sections a fines reply points to exist in both languages', () => {
    for (const heading of Object.values(rules.relatedSections)) {
      expect(retriever.entryBySection(heading, 'ar')?.items.length).toBeGreaterThan(0);
      expect(retriever.entryBySection(heading, 'en')?.language).toBe('en');
    }
  });

  test.each([
    [1, 500],
    [2, 1000],
    [3, 'deportation'],
    [5, 'deportation'],
  ])('offence %d → %s', (offence, consequence) => {
    const rung = rungFor(rules, offence);
    expect(rung.consequence === 'fine' ? rung.amountSar : rung.consequence).toBe(consequence);
  });

  test.each(['ar', 'en'] as const)('start-up stops when a section the replies quote is missing in one language (%s)', (language) => {
    const knowledgeBase = buildKnowledgeBase();
    const missing = new FaqRetriever(knowledgeBase).entryBySection(rules.relatedSections.expiryCheck, language)!;
    expect(missing.language).toBe(language);
    const entries = knowledgeBase.entries.filter((e) => e.id !== missing.id);
    expect(entries.length).toBe(knowledgeBase.entries.length - 1);
    const faq = new FaqResponder(new FaqRetriever({ ...knowledgeBase, entries }));
    expect(() => new IqamaFineDialog(faq, rules)).toThrow(language === 'ar' ? /in Arabic/ : /in English/);
    expect(() => new IqamaFineDialog(new FaqResponder(retriever), rules)).not.toThrow();
  });

  test('a malformed rules file stops start-up with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-'));
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    const file = path.join(dir, 'rules', 'iqama-fines.json');
    const broken = JSON.parse(fs.readFileSync(file, 'utf8'));
    broken.offences[1].offence = 3;
    fs.writeFileSync(file, JSON.stringify(broken));
    expect(() => loadContent(dir)).toThrow(/rules\/iqama-fines\.json: offences: offences must be numbered 1, 2, 3/);
  });
});

describe('which late renewal this is', () => {
  test.each([
    ['انتهت اقامتي ٢٠ جماد الاول ١٤٤٧ وهذي ثاني مرة اتأخر', 2],
    ['اول مرة اتأخر', 1],
    ['هذي المرة الثالثة', 3],
    ['للمرة الثانية', 2],
    ['تأخرت مرتين قبل', 3],
    ['تأخرت مره وحده من قبل', 2],
    ['ما قد تأخرت', 1],
    ['third time', 3],
    ['this is my second offence', 2],
    ['I was late twice before', 3],
    ['once before', 2],
    ['never been late before', 1],
  ])('"%s" → offence %d', (text, offence) => {
    expect(parseOffenceNumber(text)).toBe(offence);
  });

  test.each([['٢٠ ربيع الثاني ١٤٤٧'], ['جماد اول'], ['كم غرامة الاقامة؟'], ['مرتين'], ['مو اول مره اتاخر'], ['ماهي اول مره'], ['this is not the first time'], ['ليست المرة الأولى'], ["it isn't my first time"]])('"%s" says nothing about it', (text) => {
    expect(parseOffenceNumber(text)).toBeUndefined();
  });

  test.each([
    ['مرتين', 3],
    ['مرة', 2],
    ['ولا مرة', 1],
    ['لا', 1],
    ['twice', 3],
    ['مو اول مره', undefined],
    ['not the first time', undefined],
  ])('as the answer to "how many times before?", "%s" → offence %s', (text, offence) => {
    expect(parseOffenceNumber(text, { answeringCountQuestion: true })).toBe(offence);
  });
});

describe('the count grammar, as people say it', () => {
  // Which late renewal this is: never → 1st, once before → 2nd, "n times before" → n+1, "the nth time" and
  // "counting this one, n in total" → n. Saudi, Egyptian, Levantine, non-native Arabic and English, both digit scripts.
  test.each<[string, string, number]>([
    ['Saudi', 'ما عمري تأخرت في تجديدها', 1],
    ['Saudi', 'وما عمري تأخرت', 1],
    ['Saudi', 'عمري ما تأخرت قبل', 1],
    ['Saudi', 'ما قد تأخرت قبل', 1],
    ['Saudi', 'ما قد تأخرنا عليه قبل', 1],
    ['Saudi', 'تأخرت قبل كذا مرة وحدة بس', 2],
    ['Saudi', 'هذي ثالث مرة', 3],
    ['Saudi', 'تأخرت مرتين قبل هذي', 3],
    ['Saudi', 'مع هذي المرة صارت ثلاث مرات', 3],
    ['Saudi', 'دفعت غرامة السنة الماضية على نفس الشي', 2],
    ['Egyptian', 'دي تالت مرة اتأخر', 3],
    ['Egyptian', 'اتأخرت مرة قبل كده', 2],
    ['Egyptian', 'دي أول مرة', 1],
    ['Saudi', 'انتهت آخر الشهر اللي فات والمرة الأولى', 1],
    ['Egyptian', 'ما اتأخرتش قبل كده', 1],
    ['Levantine', 'هاي تاني مرة بتأخر', 2],
    ['Levantine', 'هاي المرة التانية', 2],
    ['Levantine', 'تأخرت ٣ مرات قبل هيك', 4],
    ['numbered', 'المرة ٢', 2],
    ['numbered', 'للمرة رقم 3', 3],
    ['non-native', 'قبل ايضا مرة واحد تأخير', 2],
    ['non-native', 'i late 2 time before', 3],
    ['English', "I've never been late before", 1],
    ['English', 'I was late once before and now my iqama expired again', 2],
    ['English', 'late ٢ times before', 3],
    ['English', 'this is my 3rd time', 3],
    ['English', 'that was the only other time', 2],
    ['English', 'counting this one, three times in total', 3],
    ['English', 'I was late once before and, counting this one, three times in total', 3],
    ['English', 'late once in 2021 and once in 2023', 3],
    ['English', 'time number 2', 2],
  ])('%s: "%s" → offence %d', (_dialect, text, offence) => {
    expect(parseOffenceNumber(text)).toBe(offence);
  });
});

describe('the expiry date in a message', () => {
  const reference = new Date('2026-11-25T09:00:00Z');
  test.each([
    ['كم غرامة تأخير تجديد الإقامة اليوم؟', 'none'],
    ['كم الغرامه الحين', 'none'],
    ['what is the iqama fine now?', 'none'],
    ['اليوم', 'exact'],
    ['today', 'exact'],
    ['انتهت اقامتي اليوم', 'exact'],
    ['my iqama expires today', 'exact'],
    ['خلصت اقامتي اليوم كم الغرامه', 'exact'],
    ['25/11/2026', 'exact'],
  ])('"%s" → %s', (text, kind) => {
    expect(parseExpiryDate(text, { reference }).kind).toBe(kind);
  });
});

describe('iqama status', () => {
  test.each([
    ['2026-11-25', { status: 'valid', daysLeft: 0 }],
    ['2026-12-05', { status: 'valid', daysLeft: 10 }],
    ['2026-11-24', { status: 'expired', daysSince: 1 }],
    ['2025-11-11', { status: 'expired', daysSince: 379 }],
  ])('expiring %s, seen on 2026-11-25', (expiry, status) => {
    expect(iqamaStatus(expiry, '2026-11-25')).toEqual(status);
  });
});

import { createLogger } from '../../platform/logger';
import { capForLog, maskDeep, maskPersonalData } from '../../platform/maskPersonalData';
import { citizenId, iqamaNumber } from '../support/saudiIds';

describe('maskPersonalData', () => {
  const id = citizenId(4321);
  test.each([
    [`ID ${id} ok`, `ID ${id[0]}*******${id.slice(8)} ok`],
    [iqamaNumber(77), `2*******${iqamaNumber(77).slice(8)}`],
    ['+966512345678', '+9665*****678'],
    ['0512345678', '0*******78'],
    ['05 1234 5678', '0*******78'],
    ['٠٥١٢٣٤٥٦٧٨', '٠*******٧٨'],
    ['ahmad@example.com', 'a****@example.com'],
    ['to a@b.sa now', 'to a***@b.sa now'],
    // A bare 9-digit mobile, as the mobile schema accepts it, alone and in a sentence or a query string.
    ['512345678', '5******78'],
    ['mobile 512345678, thanks', 'mobile 5******78, thanks'],
    ['?mobile=512345678&x=1', '?mobile=5******78&x=1'],
    ['5 1234 5678', '5******78'],
    // Persian digits (U+06F0–U+06F9), which Persian and Urdu keyboards type.
    ['۰۵۱۲۳۴۵۶۷۸', '۰*******۷۸'],
    ['۵۱۲۳۴۵۶۷۸', '۵******۷۸'],
    ['+۹۶۶۵۱۲۳۴۵۶۷۸', '+۹۶۶۵*****۶۷۸'],
    ['جوال:۵۱۲۳۴۵۶۷۸', 'جوال:۵******۷۸'],
    // Runs longer than any one number are masked whole, not left readable: an ID can hide in one.
    ['05123456781234567890', '0*****************90'],
    ['A12 0512345678', 'A12 0*******78'],
    ['𝒶b@x.com', '𝒶***@x.com'],
  ])('"%s" → "%s"', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  test.each(['TW-2026-000042', '2026-11-25T18:29:11.123Z', 'port 3978', 'c0ffee00-1234-4abc-8def-123456789012', '7 working days'])('"%s" is left alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  test.each([
    ['ASCII digits', (n: number) => `/${'1'.repeat(n)}`],
    ['Arabic-Indic digits', (n: number) => '٣'.repeat(n)],
    ['digits split by spaces', (n: number) => '1 '.repeat(n / 2)],
    ['letters before an @', (n: number) => `${'a'.repeat(n)}@`],
    ['a long domain after an @', (n: number) => `@${'a.'.repeat(n / 2)}`],
    ['many @', (n: number) => 'a@'.repeat(n / 2)],
  ])('%s: masking time grows linearly with the text', (_name, make) => {
    // Quadratic masking took 0.7 s on 15,500 digits and 17 s on 20,000 Arabic-Indic ones; linear takes milliseconds.
    // The work is timed on 100,000 characters, well past anything the log keeps, against a generous bound.
    maskPersonalData(make(2_000));
    const started = performance.now();
    maskPersonalData(make(100_000));
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('log strings are cut to 2,000 characters before masking, without leaving part of a number readable', () => {
    const cut = capForLog(`${'word '.repeat(399)}0512345678 ${'x'.repeat(5000)}`);
    expect(cut.length).toBeLessThan(2100);
    expect(cut).toMatch(/…\[\d+ more characters\]$/);
    expect(maskPersonalData(capForLog(`${'a '.repeat(996)}0512345678`))).not.toMatch(/05123/);
    expect(maskDeep({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 'deep' } } } } } } } } } })).toEqual({ a: { b: { c: { d: { e: { f: { g: { h: '[nested too deep]' } } } } } } } });
  });

  test('the logger masks every field, nested ones too, and the message', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    logger.info(`looked up ${id}`, { to: '+966512345678', nested: { email: 'sara@example.sa', list: [id] } });
    expect(lines[0]).not.toContain(id);
    expect(lines[0]).not.toContain('512345678');
    expect(lines[0]).not.toContain('sara@');
    expect(JSON.parse(lines[0]).nested.email).toBe('s***@example.sa');
  });
});

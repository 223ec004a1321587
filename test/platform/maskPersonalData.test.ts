import { createLogger } from '../../platform/logger';
import { maskPersonalData } from '../../platform/maskPersonalData';
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
  ])('"%s" → "%s"', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  test.each(['TW-2026-000042', '2026-11-25T18:29:11.123Z', 'port 3978', 'c0ffee00-1234-4abc-8def-123456789012', '7 working days'])('"%s" is left alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
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

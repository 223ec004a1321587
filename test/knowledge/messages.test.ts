import { catalogueKeys, message } from '../../knowledge/messages';

test('Arabic and English catalogues have the same keys', () => {
  const { ar, en } = catalogueKeys();
  expect(ar).toEqual(en);
});

test('placeholders are filled, and Arabic wording is Arabic', () => {
  expect(message('ar', 'tooLong', { max: 1000 })).toContain('1000');
  expect(message('en', 'tooLong', { max: 1000 })).toContain('1000');
  for (const key of catalogueKeys().ar) expect(message('ar', key as never)).toMatch(/[\u0600-\u06FF]/);
});

test('a placeholder given no value stays as written', () => {
  expect(message('en', 'tooLong')).toBe('Your message is too long. Please keep your question to {max} characters or fewer.');
  expect(message('en', 'tooLong', { other: 5 })).toContain('{max}');
  expect(message('en', 'tooLong', { max: 1000 })).toBe('Your message is too long. Please keep your question to 1000 characters or fewer.');
});

describe('numbers, IDs, emails and request numbers inside Arabic text read the right way round', () => {
  const FSI = '\u2068';
  const PDI = '\u2069';
  const values = { applicantType: 'مواطن', category: 'جواز السفر', description: 'وصف', attachments: 'لا يوجد', nationalId: '1000002012', mobile: '+966551234567', email: 'ahmad@example.com' };

  test('in the Arabic summary the mobile and the email are isolated, so "+966551234567" does not show as "966551234567+"', () => {
    const summary = message('ar', 'submit.summary', values);
    expect(summary).toContain(`${FSI}+966551234567${PDI}`);
    expect(summary).toContain(`${FSI}ahmad@example.com${PDI}`);
  });

  test('in the Arabic SMS the request number and the date are isolated', () => {
    const sms = message('ar', 'submit.sms', { number: 'TW-2026-000003', dueDate: '2026-12-13' });
    expect(sms).toContain(`${FSI}TW-2026-000003${PDI}`);
    expect(sms).toContain(`${FSI}2026-12-13${PDI}`);
  });

  test('a lone number is left as it is, English text is never touched, and a value is isolated once', () => {
    expect(message('ar', 'tooLong', { max: 1000 })).not.toContain(FSI);
    expect(message('en', 'submit.sms', { number: 'TW-2026-000003', dueDate: '2026-12-13' })).not.toContain(FSI);
    const inner = message('ar', 'submit.sms', { number: 'TW-2026-000003', dueDate: '2026-12-13' });
    expect(message('ar', 'notify.note', { note: inner }).split(FSI)).toHaveLength(inner.split(FSI).length);
  });
});

import { readConfig } from '../../platform/config';

describe('request settings in the configuration', () => {
  test('defaults: staff API off, no webhook, 5 MB attachments', () => {
    expect(readConfig({})).toMatchObject({ STAFF_TOKEN: '', SMS_WEBHOOK_URL: '', ATTACHMENT_MAX_BYTES: 5 * 1024 * 1024 });
  });

  test.each([
    ['SMS_WEBHOOK_URL', 'not a url'],
    ['SMS_WEBHOOK_URL', 'ftp://gateway.example/sms'],
    ['ATTACHMENT_MAX_BYTES', '12'],
    ['ATTACHMENT_MAX_BYTES', 'lots'],
  ])('a bad %s (%s) stops start-up with a message naming it', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${name}`));
  });

  test('a webhook URL and a size are read', () => {
    expect(readConfig({ SMS_WEBHOOK_URL: 'https://sms.example/hook', ATTACHMENT_MAX_BYTES: '1048576' })).toMatchObject({
      SMS_WEBHOOK_URL: 'https://sms.example/hook',
      ATTACHMENT_MAX_BYTES: 1048576,
    });
  });
});

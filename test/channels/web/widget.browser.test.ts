/// <reference lib="dom" />
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../../support/browser';
import { iqamaNumber } from '../../support/saudiIds';
import { startTestApp, TestApp } from '../../support/testApp';

jest.setTimeout(90_000);

let app: TestApp;
let browser: BrowserContext;
beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp({ LOG_LEVEL: 'warn' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const QUESTION = 'كم يستغرق الرد على طلبات تواصل؟';
const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const botBubbles = (page: Page) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
const suggestedAction = (page: Page, title: string | RegExp) => page.locator('.webchat__suggested-action').filter({ hasText: title }).first();

async function openChat(query = ''): Promise<Page> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(`${app.url}/${query}`);
  return page;
}

async function type(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

/** The newest bot bubble that matches, once it is on screen. */
async function botSays(page: Page, expected: RegExp, timeout = 15_000): Promise<Locator> {
  const bubble = botBubbles(page).filter({ hasText: expected }).last();
  await bubble.waitFor({ timeout });
  return bubble;
}

describe('the chat page', () => {
  test('greets in Arabic, laid out right to left, in the shipped Arabic font', async () => {
    const page = await openChat();
    const welcome = await botSays(page, /حياك الله/);
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    const direction = await welcome.evaluate((node) => getComputedStyle(node).direction);
    expect(direction).toBe('rtl');
    // The bot's bubble sits at the right edge of the transcript, as Arabic reads.
    const transcript = await page.locator('.webchat__basic-transcript').boundingBox();
    const bubble = await welcome.boundingBox();
    expect(transcript!.x + transcript!.width - (bubble!.x + bubble!.width)).toBeLessThan(bubble!.x - transcript!.x);
    expect(await page.evaluate(() => document.fonts.check('16px Tajawal', 'حياك'))).toBe(true);
    expect(await suggestedAction(page, 'اطرح سؤالاً').isVisible()).toBe(true);
    await screenshot(page, '01-welcome-rtl');
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  test('a question gets the answer with its source shown as a citation', async () => {
    const page = await openChat();
    await botSays(page, /حياك الله/);
    await type(page, QUESTION);
    const answer = await botSays(page, /7 أيام عمل/);
    await expect(answer.locator('.webchat__render-markdown__citation').first().textContent()).resolves.toBe('1');
    const definitions = answer.locator('xpath=ancestor::*[contains(@class,"webchat__bubble")][1]').locator('.webchat__link-definitions');
    await expect(definitions.textContent()).resolves.toMatch(/كم يستغرق الرد على طلبات تواصل الجوازات/);
    await screenshot(page, '02-cited-answer');
    await page.close();
  });

  test('pressing a suggested action sends it and the bot answers it', async () => {
    const page = await openChat();
    await botSays(page, /حياك الله/);
    await suggestedAction(page, 'اطرح سؤالاً').click();
    await page.locator('.webchat__bubble--from-user').filter({ hasText: 'اطرح سؤالاً' }).waitFor();
    await botSays(page, /فضلاً اكتب سؤالك|اكتب سؤالك/);
    await type(page, QUESTION);
    await botSays(page, /7 أيام عمل/);
    // A topic button shows its short label and sends the section's full title.
    const sent = page.locator('.webchat__bubble--from-user');
    const before = await sent.count();
    const answers = await botBubbles(page).filter({ hasText: /المصدر/ }).count();
    await page.locator('.webchat__suggested-action').first().click();
    await sent.nth(before).waitFor();
    await botBubbles(page).filter({ hasText: /المصدر/ }).nth(answers).waitFor();
    await screenshot(page, '03-suggested-action');
    await page.close();
  });

  test('switching to English lays the page out left to right and the bot continues in English', async () => {
    const page = await openChat();
    await botSays(page, /حياك الله/);
    await page.locator('#language-switch').click();
    await botSays(page, /continue in English/);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await sendBox(page).getAttribute('placeholder')).toMatch(/message/i);
    await type(page, 'What is the fine for a late iqama renewal?');
    const answer = await botSays(page, /500/);
    expect(await answer.evaluate((node) => getComputedStyle(node).direction)).toBe('ltr');
    await screenshot(page, '04-english');
    await page.close();
  });
});

test('opened in English (?lang=en, as the snippet\'s data-lang="en" does), the page and the welcome are English', async () => {
  const page = await openChat('?lang=en');
  await botSays(page, /^Welcome to the Tawasul/);
  expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['ltr', 'en']);
  await page.close();
});

test('the embed snippet adds a chat button to another site that opens the assistant in a panel', async () => {
  const page = await browser.newPage();
  // A site of its own, on another origin, that adds the one documented line. It is a real server
  // on loopback: chromium lets only local pages load from a local address.
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html dir="rtl" lang="ar"><body><h1>بوابة الخدمات</h1><script src="${app.url}/widget.js" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  const button = page.locator('[data-tawasul-widget="button"]');
  await button.click();
  expect(await button.getAttribute('aria-expanded')).toBe('true');
  const frame = page.frameLocator('[data-tawasul-widget="panel"] iframe');
  await frame.locator('.webchat__bubble__content').filter({ hasText: /حياك الله/ }).first().waitFor({ timeout: 45_000 });
  await screenshot(page, '05-embedded-widget');
  await page.close();
  site.close();
});

const iqama = iqamaNumber(Date.now() % 1e8);

test('a request is submitted with an attached file, then tracked by its number', async () => {
  const page = await openChat();
  await botSays(page, /حياك الله/);
  await suggestedAction(page, 'تقديم طلب').click();
  await botSays(page, /بنفسك ولنفسك/);
  await suggestedAction(page, /^نعم/).click();
  await botSays(page, /من مقدّم الطلب/);
  await suggestedAction(page, 'مقيم (أبشر)').click();
  await botSays(page, /ما الخدمة/);
  await suggestedAction(page, 'نقل الخدمات').click();
  await botSays(page, /اكتب وصفاً/);
  await type(page, 'لم يكتمل نقل خدماتي في أبشر وظهرت رسالة خطأ عند السداد.');
  await botSays(page, /أرسلها الآن/);
  await page.locator('input[type="file"]').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%test letter\n') });
  // Web Chat 4.18 holds the chosen file in the send box (the paperclip shows it chosen) until the person sends it.
  await page.locator('.webchat__attachment-icon--checked').waitFor();
  await page.locator('.webchat__send-button').click();
  await botSays(page, /استلمت الملف «\u2068?letter\.pdf\u2069?»/);
  await suggestedAction(page, /^تم$/).click();
  await botSays(page, /رقم الإقامة/);
  await type(page, iqama);
  await botSays(page, /رقم جوالك/);
  await type(page, '0551234567');
  await botSays(page, /بريدك الإلكتروني/);
  await type(page, 'applicant@example.com');
  await botSays(page, /راجع بيانات طلبك[\s\S]*letter\.pdf/);
  await suggestedAction(page, 'تأكيد وإرسال').click();
  const receipt = await botSays(page, /TW-\d{4}-\d{6,}/);
  const number = /TW-\d{4}-\d{6,}/.exec((await receipt.textContent())!)![0];
  await screenshot(page, '06-submitted');

  await type(page, 'متابعة طلب');
  await botSays(page, /كيف تود البحث/);
  await suggestedAction(page, 'برقم الطلب').click();
  await botSays(page, /أدخل رقم الطلب/);
  await type(page, number);
  await botSays(page, /للتحقق من هويتك/);
  await type(page, '0551234567');
  await botSays(page, new RegExp(`${number}[\\s\\S]*الحالة الحالية: تم الاستلام`));
  await screenshot(page, '07-tracked');
  await page.close();
});

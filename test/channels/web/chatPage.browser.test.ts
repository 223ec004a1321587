/// <reference lib="dom" />
import path from 'node:path';
import { BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser } from '../../support/browser';
import { iqamaNumber } from '../../support/saudiIds';
import { startTestApp, TestApp } from '../../support/testApp';

jest.setTimeout(120_000);

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
/** A real 1×1 PNG: Web Chat makes an image's thumbnail in a blob: worker. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const bubbles = (page: Page) => page.locator('.webchat__bubble .webchat__bubble__content');
const botBubbles = (page: Page) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
const suggestedAction = (page: Page, title: string | RegExp) => page.locator('.webchat__suggested-action').filter({ hasText: title }).first();
const direction = (bubble: Locator) => bubble.evaluate((node) => getComputedStyle(node.querySelector('p') ?? node).direction);

/** The page, with every Content-Security-Policy violation it reports kept in `violations`. */
async function openChat(query = ''): Promise<Page & { violations: string[] }> {
  const page = (await browser.newPage()) as Page & { violations: string[] };
  page.violations = [];
  await page.exposeFunction('reportViolation', (text: string) => page.violations.push(text));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(`${app.url}/${query}`);
  return page;
}

async function type(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

async function botSays(page: Page, expected: RegExp, timeout = 20_000): Promise<Locator> {
  const bubble = botBubbles(page).filter({ hasText: expected }).last();
  await bubble.waitFor({ timeout });
  return bubble;
}

/** WCAG's contrast ratio of two computed colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The colour a node's text is drawn on: its own background, or the nearest ancestor's that is not transparent. */
const backgroundBehind = (node: Locator) =>
  node.evaluate((start) => {
    for (let n: Element | null = start; n; n = n.parentElement) {
      const color = getComputedStyle(n).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
    }
    return 'rgb(255, 255, 255)';
  });

test('each message keeps the direction of its own language when the page switches language, both ways', async () => {
  const page = await openChat();
  const welcome = await botSays(page, /حياك الله/);
  await page.locator('#language-switch').click();
  const english = await botSays(page, /continue in English/);
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  // An Arabic question while the page is English: the person's bubble and the Arabic answer are right to left.
  await type(page, QUESTION);
  const answer = await botSays(page, /7 أيام عمل/);
  const question = page.locator('.webchat__bubble--from-user .webchat__bubble__content').filter({ hasText: QUESTION }).last();
  expect(await direction(welcome)).toBe('rtl');
  expect(await direction(answer)).toBe('rtl');
  expect(await direction(question)).toBe('rtl');
  expect(await direction(english)).toBe('ltr');
  await screenshot(page, '08-directions-in-english-page');
  // Back to Arabic: the English reply stays left to right, the Arabic ones right to left.
  await page.locator('#language-switch').click();
  await botSays(page, /بالعربية|العربية/);
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  expect(await direction(botBubbles(page).filter({ hasText: /continue in English/ }).last())).toBe('ltr');
  expect(await direction(botBubbles(page).filter({ hasText: /7 أيام عمل/ }).last())).toBe('rtl');
  expect(await bubbles(page).count()).toBeGreaterThan(4);
  await page.close();
});

test('the citation under an answer is in the page font, shows the section first, and its text ends with an ellipsis when cut', async () => {
  const page = await openChat();
  await botSays(page, /حياك الله/);
  await type(page, QUESTION);
  const answer = await botSays(page, /7 أيام عمل/);
  const citation = answer.locator('xpath=ancestor::*[contains(@class,"webchat__bubble")][1]').locator('.webchat__link-definitions__list-item-text').first();
  expect(await citation.evaluate((node) => getComputedStyle(node).fontFamily)).toMatch(/^"?Tajawal/);
  expect(await page.locator('.webchat__link-definitions__header-text').first().evaluate((node) => getComputedStyle(node).fontFamily)).toMatch(/^"?Tajawal/);
  // The section, then the document: on a phone the start of the line is what shows.
  expect(await citation.textContent()).toMatch(/^متابعة الطلب والمدة الزمنية للرد › .* — دليل خدمة تواصل/);
  await citation.click();
  const popup = page.locator('[role="dialog"]').last();
  await popup.waitFor();
  const popupText = (await popup.textContent()) ?? '';
  expect(popupText.length).toBeGreaterThan(20);
  expect(popupText).toMatch(/…|[.؟!:]\s*$/);
  await screenshot(page, '09-citation');
  await page.close();
});

test('the person\'s own image bubble shows its name and size readably, and the image needs no policy exception beyond a blob: worker', async () => {
  const page = await openChat();
  await botSays(page, /حياك الله/);
  await page.locator('input[type="file"]').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: PNG });
  // Web Chat takes the file in (and makes its thumbnail) before the paperclip shows it chosen; a send before that sends nothing.
  await page.locator('.webchat__attachment-icon--checked').waitFor();
  await page.locator('.webchat__send-button').click();
  // With no form open, a file is taken as one for the person's request.
  await botSays(page, /استلمت الملف «\u2068?passport\.png\u2069?»[\s\S]*رقم الطلب|رقم الطلب/);
  const file = page.locator('.webchat__bubble--from-user .webchat__fileContent').last();
  for (const part of ['.webchat__fileContent__fileName', '.webchat__fileContent__size']) {
    const node = file.locator(part);
    const ratio = contrast(await node.evaluate((n) => getComputedStyle(n).color), await backgroundBehind(node));
    // WCAG AA for normal text.
    expect(ratio).toBeGreaterThanOrEqual(4.5);
  }
  expect(page.violations).toEqual([]);
  await screenshot(page, '10-own-file-bubble');
  await page.close();
});

test('a file chosen at the attachments step, then «تم», goes with the next message (the ID): it is kept, named, and in the summary', async () => {
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
  await botSays(page, /اضغط على رمز المشبك، واختر الملف، ثم اضغط «إرسال»/);
  await page.locator('input[type="file"]').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%test letter\n') });
  await page.locator('.webchat__attachment-icon--checked').waitFor();
  // «تم» pressed with the file still waiting in the send box: Web Chat sends the button's text alone.
  await suggestedAction(page, /^تم$/).click();
  await botSays(page, /رقم الإقامة/);
  await type(page, iqamaNumber(Date.now() % 1e8));
  await botSays(page, /استلمت الملف «\u2068?letter\.pdf\u2069?»/);
  await botSays(page, /رقم جوالك/);
  await type(page, '0551234567');
  await botSays(page, /بريدك الإلكتروني/);
  await type(page, 'rides@example.com');
  await botSays(page, /راجع بيانات طلبك[\s\S]*المرفقات: \u2068?letter\.pdf/);
  await screenshot(page, '11-file-with-next-message');
  await page.close();
});

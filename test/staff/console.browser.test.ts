/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { AgentAccounts } from '../../staff/agentAccounts';
import { ARTIFACTS, launchBrowser } from '../support/browser';
import { Conversation, textOf } from '../support/conversation';
import { startRecordingServer } from '../support/recordingServer';
import { citizenId, mobile } from '../support/saudiIds';
import { submitThrough } from '../support/submitThrough';
import { eventually, StaffClient } from '../support/staffClient';
import { startTestApp, temporaryDataDir, TestApp } from '../support/testApp';

jest.setTimeout(90_000);

const PASSWORD = 'a long enough password';
const PDF = Buffer.from('%PDF-1.4 a copy of the iqama');
// A real picture (one pixel), so that Web Chat shows it.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let app: TestApp;
let browser: BrowserContext;
let channel: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  // The channel's connector, which also holds the file the person sends (at its own host, as Azure channels do).
  channel = await startRecordingServer((req) => (req.method === 'GET' && req.url === '/files/iqama.pdf' ? { status: 200, raw: PDF, contentType: 'application/pdf' } : { status: 200, body: { id: 'recorded' } }));
  const dataDir = temporaryDataDir();
  const accounts = await AgentAccounts.open(dataDir);
  await accounts.add('noura', 'نورة', PASSWORD);
  await accounts.add('salma', 'سلمى', PASSWORD, true);
  await accounts.add('fahad', 'فهد', PASSWORD);
  [app, browser] = await Promise.all([startTestApp({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', STAFF_HOURS: 'always', ALLOW_EMULATOR: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await channel?.close();
});

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const channelActivities = (conversationId: string) => channel.received.filter((r) => r.url.includes(encodeURIComponent(conversationId)) && r.body?.type === 'message').map((r) => r.body);
const channelTexts = (conversationId: string) => channel.received.filter((r) => r.url.includes(encodeURIComponent(conversationId)) && r.body?.type === 'message').map((r) => r.body.text as string);

async function signIn(page: Page): Promise<void> {
  await page.goto(`${app.url}/staff`);
  // The browser keeps the session of an earlier test.
  await page.locator('#sign-in:visible, #me:has-text("نورة")').first().waitFor();
  if (await page.locator('#me').filter({ hasText: 'نورة' }).count()) return;
  await page.locator('#username').fill('noura');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#sign-in-button').click();
  await page.locator('#me').filter({ hasText: 'نورة' }).waitFor();
}

test('the console is served with a strict CSP and nosniff', async () => {
  const response = await fetch(`${app.url}/staff`);
  expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
});

test('sign in, take a case, reply, receive the person’s file and send one, end, see the rating (Arabic, desktop)', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // Refused sign-ins answer 401, which the browser reports; a script error or a CSP violation is a problem.
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && problems.push(m.text()));

  // A first visit, whichever tests ran before in this browser: signed out, and no language chosen.
  await browser.clearCookies();
  await page.goto(`${app.url}/staff`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
  await page.locator('#username').fill('noura');
  await page.locator('#password').fill('not the password');
  await page.locator('#sign-in-button').click();
  await page.locator('#sign-in-error').filter({ hasText: /غير صحيحة/ }).waitFor();
  await screenshot(page, 'console-sign-in-ar');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#sign-in-button').click();
  await page.locator('#me').filter({ hasText: 'نورة' }).waitFor();

  // A person asks for a human; the case appears live.
  const person = new Conversation(app.url, { locale: 'ar-SA', serviceUrl: channel.url });
  await person.say('كم مدة الرد على الطلب؟');
  await person.say('ابي اكلم موظف');
  // This person's case (earlier tests may have left others waiting), found as the console finds it, by the signed-in session.
  const caseId = await page.evaluate(async (conversationId) => {
    const { handoffs } = (await (await fetch('/api/staff/handoffs')).json()) as { handoffs: { id: string; conversationId: string }[] };
    return handoffs.find((h) => h.conversationId === conversationId)?.id;
  }, person.id);
  const item = page.locator(`#cases button[data-case="${caseId}"]`).filter({ hasText: 'بانتظار موظف' });
  await item.waitFor();
  await screenshot(page, 'console-queue-ar');
  await item.click();
  await page.locator('#transcript li').filter({ hasText: 'ابي اكلم موظف' }).waitFor();
  await page.locator('#take').click();
  await page.locator('#reply').waitFor();
  await eventually(() => channelTexts(person.id).some((t) => t.includes('انضم إليك نورة')));

  await page.locator('#reply-text').fill('أهلاً، كيف أقدر أساعدك؟');
  await page.locator('#send').click();
  await eventually(() => channelTexts(person.id).includes('أهلاً، كيف أقدر أساعدك؟'));
  expect(await person.say('جوازي ما وصل')).toEqual([]);
  await page.locator('#transcript li.person').filter({ hasText: 'جوازي ما وصل' }).waitFor();
  await screenshot(page, 'console-conversation-ar');

  // The person sends a file: it is in the conversation, and the officer downloads it.
  expect(await person.say('هذه صورة الإقامة', { attachments: [{ contentType: 'application/pdf', name: 'iqama.pdf', contentUrl: `${channel.url}/files/iqama.pdf` }] })).toEqual([]);
  const link = page.locator('#transcript li.person a.file').filter({ hasText: 'iqama.pdf' });
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('iqama.pdf');
  expect(fs.readFileSync((await download.path())!)).toEqual(PDF);
  // The officer sends one back, from the reply form.
  await page.locator('#reply-file').setInputFiles({ name: 'steps.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('#reply-text').fill('هذه الخطوات بالصور');
  await page.locator('#send').click();
  await eventually(() => channelActivities(person.id).some((a) => a.attachments?.[0]?.name === 'steps.png'));
  expect(channelActivities(person.id).find((a) => a.attachments?.length)).toMatchObject({ text: 'هذه الخطوات بالصور', attachments: [{ contentType: 'image/png', contentUrl: `data:image/png;base64,${PNG.toString('base64')}` }] });
  await page.locator('#transcript li.agent a.file').filter({ hasText: 'steps.png' }).waitFor();
  await screenshot(page, 'console-files-ar');

  await page.locator('#end').click();
  await page.locator('#case-rating').filter({ hasText: 'لا تقييم بعد' }).waitFor();
  await eventually(() => channelTexts(person.id).some((t) => /من 1/.test(t)));
  expect(textOf(await person.say('4'))).toMatch(/تعليق/);
  await person.say('خدمة ممتازة');
  await page.locator('#case-rating').filter({ hasText: '4/5' }).waitFor();
  await page.locator('#case-rating').filter({ hasText: 'خدمة ممتازة' }).waitFor();
  await screenshot(page, 'console-rating-ar');
  expect(problems).toEqual([]);
  await page.close();
});

test('English, on a phone: the queue and the requests view with a status change', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.locator('#language').click();
  await page.locator('#tab-queue').filter({ hasText: 'Conversations' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  const person = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  await person.say('human please');
  await page.locator('#cases button').filter({ hasText: 'Waiting' }).first().waitFor();
  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'console-queue-en-phone');

  // A request to move along.
  const applicant = new Conversation(app.url, { locale: 'en-US', serviceUrl: channel.url });
  const number = await submitThrough(applicant, 777);
  await page.locator('#tab-requests').click();
  await page.locator('#requests button').filter({ hasText: number }).click();
  await page.locator('#request-status').filter({ hasText: 'Received' }).waitFor();
  await page.locator('#new-status').selectOption('in_review');
  await page.locator('#status-note').fill('Looking into it');
  await page.locator('#status-change button').click();
  await page.locator('#request-status').filter({ hasText: 'In review' }).waitFor();
  await screenshot(page, 'console-requests-en-phone');

  // Staff ask for a document; the person adds it in their chat; the console shows it, by whom, with the file's name.
  await page.locator('#new-status').selectOption('awaiting_info');
  await page.locator('#status-note').fill('Please attach a copy of your passport.');
  await page.locator('#status-change button').click();
  await page.locator('#request-status').filter({ hasText: 'Awaiting information' }).waitFor();
  const pdf = `data:application/pdf;base64,${Buffer.from('%PDF-1.4\n%passport\n').toString('base64')}`;
  await applicant.say(`I want to add a document to my request ${number}`);
  expect(textOf(await applicant.say('person777@example.com'))).toMatch(/The officer asked: Please attach a copy of your passport/);
  await applicant.say('Here it is.', { attachments: [{ name: 'passport.pdf', contentType: 'application/pdf', contentUrl: pdf }] });
  expect(textOf(await applicant.say('Send to the officer'))).toMatch(/added to request/);
  await page.locator('#tab-queue').click();
  await page.locator('#tab-requests').click();
  await page.locator('#requests button').filter({ hasText: number }).filter({ hasText: 'New information from the person' }).click();
  await page.locator('#request-status').filter({ hasText: 'In review' }).waitFor();
  const added = page.locator('#request-history li.added').last();
  await added.filter({ hasText: 'The person added information' }).waitFor();
  expect(await added.textContent()).toMatch(/Here it is\.[\s\S]*Files: passport\.pdf/);
  await screenshot(page, 'console-request-information-added');
  await page.close();
});

test('the web chat page as the person: the agent’s reply arrives in the chat, the person’s in the console', async () => {
  const chat = await browser.newPage();
  // Web Chat holds back, for five seconds, a message that says it replies to one it has not seen, and warns so.
  const heldBack: string[] = [];
  chat.on('console', (m) => /Timed out while waiting for activity/.test(m.text()) && heldBack.push(m.text()));
  await chat.goto(`${app.url}/`);
  const sendBox = chat.locator('[data-id="webchat-sendbox-input"]');
  const botSays = (text: RegExp) => chat.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content').filter({ hasText: text }).last().waitFor({ timeout: 20_000 });
  await botSays(/حياك الله/);
  await sendBox.fill('ابي اكلم موظف');
  await sendBox.press('Enter');
  await botSays(/ترتيبك في قائمة الانتظار/);

  const console_ = await browser.newPage();
  await signIn(console_);
  await console_.locator('#tab-queue').click();
  const item = console_.locator('#cases button').filter({ hasText: /Waiting|بانتظار موظف/ }).filter({ hasText: 'directline' }).first();
  await item.click();
  await console_.locator('#take').click();
  await botSays(/نورة/);
  await console_.locator('#reply-text').fill('مرحباً من الموظفة');
  await console_.locator('#send').click();
  await botSays(/مرحباً من الموظفة/);
  await sendBox.fill('شكراً، عندي سؤال عن الجواز');
  await sendBox.press('Enter');
  await console_.locator('#transcript li.person').filter({ hasText: 'عندي سؤال عن الجواز' }).waitFor();
  // Files both ways: the person attaches one with Web Chat's upload button; the officer sends a picture back.
  await chat.locator('input[type="file"]').first().setInputFiles({ name: 'passport.pdf', mimeType: 'application/pdf', buffer: PDF });
  // Web Chat 4.18 holds the chosen file in the send box (the paperclip shows it chosen) until the person sends it.
  await chat.locator('.webchat__attachment-icon--checked').waitFor();
  await chat.locator('.webchat__send-button').click();
  await console_.locator('#transcript li.person a.file').filter({ hasText: 'passport.pdf' }).waitFor({ timeout: 20_000 });
  await console_.locator('#reply-file').setInputFiles({ name: 'steps.png', mimeType: 'image/png', buffer: PNG });
  await console_.locator('#reply-text').fill('الخطوات في الصورة');
  await console_.locator('#send').click();
  await botSays(/الخطوات في الصورة/);
  const picture = chat.locator('.webchat__basic-transcript__activity').filter({ hasText: 'الخطوات في الصورة' }).locator('img');
  await picture.first().waitFor({ timeout: 20_000 });
  expect(await picture.first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
  await screenshot(chat, 'console-webchat-person');
  await screenshot(console_, 'console-webchat-agent');
  await console_.locator('#end').click();
  await botSays(/من 1/);
  expect(heldBack).toEqual([]);
  await chat.close();
  await console_.close();
});

test('a supervisor sees the ratings per officer, in Arabic and in English', async () => {
  // A case of Fahad's, rated by the person, so that his ratings are this test's whichever tests ran before.
  const person = new Conversation(app.url, { locale: 'ar-SA', serviceUrl: channel.url });
  await person.say('ابي اكلم موظف');
  const fahad = new StaffClient(app.url);
  expect((await fahad.login('fahad', PASSWORD)).status).toBe(200);
  const caseId = (await fahad.call('/api/staff/handoffs')).body.handoffs.find((h: { conversationId: string }) => h.conversationId === person.id).id;
  expect((await fahad.post(`/api/staff/handoffs/${caseId}/claim`)).status).toBe(200);
  expect((await fahad.post(`/api/staff/handoffs/${caseId}/end`)).status).toBe(200);
  await eventually(() => channelTexts(person.id).some((t) => /من 1/.test(t)));
  expect(textOf(await person.say('4'))).toMatch(/تعليق/);
  await person.say('خدمة ممتازة');

  const page = await browser.newPage();
  await page.goto(`${app.url}/staff`);
  // Whoever the browser's session is, sign in as the supervisor.
  await page.locator('#sign-in:visible, #me:not(:empty)').first().waitFor();
  if (await page.locator('#sign-out').isVisible()) {
    await page.locator('#sign-out').click();
    await page.locator('#sign-in').waitFor();
  }
  if ((await page.evaluate(() => document.documentElement.lang)) !== 'ar') await page.locator('#language').click();
  await page.locator('#username').fill('salma');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#sign-in-button').click();
  await page.locator('#me').filter({ hasText: 'سلمى' }).waitFor();
  await page.locator('#tab-ratings').filter({ hasText: 'التقييمات' }).click();
  const rated = page.locator('#ratings-rows tr[data-agent="fahad"]');
  await rated.filter({ hasText: 'فهد' }).filter({ hasText: '4.00 / 5' }).waitFor();
  expect(await rated.locator('.comments li').allTextContents()).toEqual(['★★★★☆ خدمة ممتازة']);
  expect(await page.locator('#ratings th').allTextContents()).toEqual(['الموظف', 'عدد التقييمات', 'المتوسط', 'أحدث التعليقات']);
  await screenshot(page, 'console-ratings-ar');
  await page.locator('#language').click();
  await page.locator('#ratings th').filter({ hasText: 'Recent comments' }).waitFor();
  await screenshot(page, 'console-ratings-en');
  // Sign out, so that no later test inherits the supervisor's session.
  await page.locator('#sign-out').click();
  await page.locator('#sign-in').waitFor();
  await page.close();
});

test('the questions the bot could not answer: grouped, masked, each in its own direction, what people typed never taken as HTML', async () => {
  const ask = (question: string, locale: string) => new Conversation(app.url, { locale }).say(question);
  await ask(`ما هو رقم فاكس الجوازات؟ جوالي ${mobile(91).local}`, 'ar-SA');
  await ask(`رقم فاكس الجوازات ما هو؟ جوالي ${mobile(92).local}`, 'ar-SA');
  await ask(`what is the fax number of the passports office? my ID is ${citizenId(9191)}`, 'en-US');
  await ask('fax number of the passports office <img src=x onerror="document.title=1">', 'en-US');

  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await signIn(page);
  if ((await page.evaluate(() => document.documentElement.lang)) !== 'ar') await page.locator('#language').click();
  await page.locator('#tab-unanswered').filter({ hasText: 'أسئلة بلا إجابة' }).click();
  const arabic = page.locator('#unanswered-rows tr').filter({ hasText: 'فاكس الجوازات' });
  await arabic.waitFor();
  expect(await arabic.locator('td.asked bdi').textContent()).toBe('2');
  expect(await arabic.locator('td').nth(1).textContent()).toBe('العربية');
  // The outcome counts and the time are numbers of their own, isolated from the text around them.
  expect(await arabic.locator('td bdi').count()).toBe(5);
  const example = arabic.locator('td.example');
  expect(await example.getAttribute('dir')).toBe('auto');
  expect(await example.textContent()).toMatch(/^(ما هو رقم فاكس الجوازات؟|رقم فاكس الجوازات ما هو؟) جوالي$/);
  expect(await page.locator('#unanswered th').allTextContents()).toEqual(['عدد المرات', 'اللغات', 'اعتذر عنها', 'طلب توضيحاً', 'ثقة منخفضة', 'آخر مرة', 'مثال على الصياغة']);
  // Masked when kept: neither the mobiles nor the ID are anywhere in the page.
  const shown = (await page.locator('#unanswered-view').textContent())!;
  for (const personal of [mobile(91).local, mobile(92).local, citizenId(9191)]) expect(shown).not.toContain(personal.slice(2, 8));
  // What a person typed that looks like HTML is shown as the text it is.
  const typed = page.locator('#unanswered-rows td.example').filter({ hasText: '<img src=x onerror=' });
  await typed.waitFor();
  expect(await page.locator('#unanswered-rows img').count()).toBe(0);
  expect(await page.title()).not.toBe('1');
  await screenshot(page, 'console-unanswered-ar');

  // English on a phone: the Arabic question still reads right to left, the English one left to right.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#language').click();
  await page.locator('#tab-unanswered').filter({ hasText: 'Unanswered' }).waitFor();
  await page.locator('#unanswered-view h2').filter({ hasText: 'Questions the bot could not answer' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  const direction = (cell: ReturnType<Page['locator']>) => cell.evaluate((node) => getComputedStyle(node).direction);
  expect(await direction(example)).toBe('rtl');
  expect(await direction(page.locator('#unanswered-rows td.example').filter({ hasText: 'what is the fax number' }))).toBe('ltr');
  expect(await arabic.locator('td').nth(1).textContent()).toBe('Arabic');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'console-unanswered-en-phone');
  expect(problems).toEqual([]);
  await page.close();
});

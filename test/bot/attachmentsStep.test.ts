import { Conversation } from '../support/conversation';
import { play, Turn } from '../support/formScript';
import { startTestApp, TestApp } from '../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

// "Any attachments?" answered with a plain no goes on to the next question, as "No attachments" does.
test.each([
  ['ar-SA', ['تقديم طلب', /بنفسك/], ['نعم، لنفسي', /من مقدّم الطلب/], ['مواطن (أبشر)', /الخدمة/], ['جواز السفر', /وصفاً للمشكلة/], ['لم يكتمل تجديد جوازي في أبشر وظهرت رسالة خطأ عند السداد.', /مستندات تدعم طلبك/], ['لا', /رقم الهوية/]],
  ['en-US', ['Submit a request', /yourself, for yourself/], ['Yes, for myself', /Who is submitting/], ['Citizen (Absher)', /Which service/], ['Saudi passport', /describe the problem/], ['My passport renewal stopped at the payment step with an error.', /Send them now/], ['no', /national ID or iqama number/]],
] as [string, ...Turn[]][])('at the attachments step "no" means no attachments (%s)', async (locale, ...turns) => {
  await play(new Conversation(app.url, { locale }), turns);
});

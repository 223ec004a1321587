import { Conversation, textOf } from './conversation';
import { play } from './formScript';
import { citizenId, mobile } from './saudiIds';

/** Fills the whole form in English for person n, up to the summary (not confirmed). */
export function fillRequestForm(conversation: Conversation, n: number, email = `person${n}@example.com`) {
  return play(conversation, [
    ['I want to submit a request about my passport', /yourself/],
    ['yes', /Who/],
    ['Citizen (Absher)', /describe/],
    ['My passport renewal has been pending for three weeks now.', /Send them/],
    ['No attachments', /national ID/],
    [citizenId(n), /mobile/],
    [mobile(n).local, /email/],
    [email, /review/],
  ]);
}

/** Submits a request for person n through the conversation and returns its number. */
export async function submitThrough(conversation: Conversation, n: number, email?: string): Promise<string> {
  await fillRequestForm(conversation, n, email);
  const text = textOf(await conversation.say('Confirm and submit'));
  const number = /TW-\d{4}-\d{6,}/.exec(text)?.[0];
  if (!number) throw new Error(`no request number in: ${text}`);
  return number;
}

/** A description the form accepts, as a person would write it. */
export const DESCRIPTION = 'My passport renewal stopped at the payment step with an error.';

/**
 * English turns from the start of the request form to the ID question, with what the bot must say
 * after each: played through the whole server (formScript) and through the dialog alone (dialogClient).
 */
export const upToId: [say: string, expected: RegExp][] = [
  ['Submit a request', /yourself, for yourself/],
  ['Yes, for myself', /Who is submitting/],
  ['Citizen (Absher)', /Which service/],
  ['Saudi passport', /describe the problem/],
  [DESCRIPTION, /Send them now/],
  ['No attachments', /national ID or iqama number/],
];

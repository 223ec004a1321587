// The console's Unanswered tab: the questions the bot could not answer, in groups of similar wording,
// most asked first, for the editors who add a phrasing to a topic. What people typed is shown with
// textContent only, in its own direction (dir="auto": an Arabic question reads right to left in the
// English console too), and every number in a <bdi> so the text around it does not reorder it.
import { $, api, el, state, t } from './pageState.js';

/** The most asked groups; the API gives at most 100, `npm run kb:unanswered` prints them all. */
const SHOWN = 50;

export async function refreshUnanswered() {
  const { status, body } = await api(`/api/staff/unanswered?limit=${SHOWN}`);
  if (status !== 200) return;
  state.unanswered = body;
  renderUnanswered();
}

const number = (n) => el('bdi', { text: String(n) });
const when = (iso) => el('bdi', { text: new Date(iso).toLocaleString(state.language === 'ar' ? 'ar-SA' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }) });

export function renderUnanswered() {
  const list = state.unanswered;
  if (!list || !state.me) return;
  $('unanswered-totals').replaceChildren(`${t('questionsKept')}: `, number(list.questions), ` · ${t('groupsKept')}: `, number(list.groupCount));
  $('no-unanswered').hidden = list.groups.length > 0;
  $('unanswered-rows').replaceChildren(
    ...list.groups.map((g) => {
      // Each cell says what it is, for the phone, where the table's head is not shown.
      const cell = (label, props, ...children) => el('td', { 'data-label': t(label), ...props }, ...children);
      return el('tr', { 'data-key': g.key },
        cell('asked', { class: 'asked' }, number(g.count)),
        cell('languages', { text: g.languages.map((language) => t(`lang.${language}`)).join('، ') }),
        cell('declined', {}, number(g.outcomes.declined)),
        cell('clarified', {}, number(g.outcomes.clarified)),
        cell('lowConfidence', {}, number(g.outcomes['low-confidence'])),
        cell('lastAsked', {}, when(g.last)),
        cell('example', { class: 'example', dir: 'auto', text: g.example }));
    }),
  );
}

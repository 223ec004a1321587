// The staff console: plain browser JavaScript modules, no build step. This one starts it: the
// language, signing in, the tabs, the live feed; each view is its own file (queueView.js,
// caseView.js, requestsView.js, ratingsView.js, unansweredView.js), sharing pageState.js.
import { $, api, state, t, whenSignedOut } from './pageState.js';
import { caseArrived, refreshCases, renderCases, whenCaseChosen } from './queueView.js';
import { renderCase, selectCase } from './caseView.js';
import { refreshRequests, renderRequests } from './requestsView.js';
import { refreshRatings, renderRatings } from './ratingsView.js';
import { refreshUnanswered, renderUnanswered } from './unansweredView.js';

whenCaseChosen(selectCase);

// ——— language ———
async function loadStrings() {
  const other = state.language === 'ar' ? 'en' : 'ar';
  const [mine, theirs] = await Promise.all([fetch(`/staff/strings/${state.language}`).then((r) => r.json()), fetch(`/staff/strings/${other}`).then((r) => r.json())]);
  state.strings = mine;
  state.other = theirs;
  document.documentElement.lang = state.language;
  document.documentElement.dir = state.language === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.dataset.text);
  $('language').textContent = theirs.languageName;
  renderCases();
  renderCase();
  renderRequests();
  renderRatings();
  renderUnanswered();
}
$('language').addEventListener('click', () => {
  state.language = state.language === 'ar' ? 'en' : 'ar';
  localStorage.setItem('staffLanguage', state.language);
  loadStrings();
});

// ——— signing in ———
function showSignIn() {
  state.me = null;
  if (state.feed) state.feed.close();
  $('sign-in').hidden = false;
  $('queue-view').hidden = $('requests-view').hidden = $('ratings-view').hidden = $('unanswered-view').hidden = $('tabs').hidden = $('sign-out').hidden = true;
  $('me').textContent = '';
}
async function signedIn(me) {
  state.me = me;
  $('sign-in').hidden = true;
  $('tabs').hidden = $('sign-out').hidden = false;
  $('me').textContent = me.displayName;
  showTab('queue');
  await refreshCases();
  openFeed();
}
$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  $('sign-in-button').disabled = true;
  const { status, body } = await api('/api/staff/login', { method: 'POST', body: JSON.stringify({ username: $('username').value.trim(), password: $('password').value }) });
  $('sign-in-button').disabled = false;
  $('password').value = '';
  if (status === 200) return signedIn(body);
  $('sign-in-error').textContent = status === 429 ? t('tooMany') : t('signInFailed');
});
$('sign-out').addEventListener('click', async () => {
  await api('/api/staff/logout', { method: 'POST' });
  showSignIn();
});

// ——— tabs ———
const TABS = ['queue', 'requests', 'ratings', 'unanswered'];
function showTab(name) {
  for (const tab of TABS) {
    $(`${tab}-view`).hidden = name !== tab;
    $(`tab-${tab}`).classList.toggle('active', name === tab);
  }
  if (name === 'requests') refreshRequests();
  if (name === 'ratings') refreshRatings();
  if (name === 'unanswered') refreshUnanswered();
}
for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));

// ——— the live feed ———
function openFeed() {
  if (state.feed) state.feed.close();
  state.feed = new EventSource('/api/staff/handoffs/feed');
  state.feed.addEventListener('case', (event) => {
    const { case: changed } = JSON.parse(event.data);
    state.cases.set(changed.id, { ...state.cases.get(changed.id), ...changed });
    caseArrived(changed);
    renderCases();
    if (changed.id === state.selected) selectCase(changed.id);
    if (!$('ratings-view').hidden && changed.rating) refreshRatings();
  });
  state.feed.addEventListener('message', (event) => {
    const { caseId, message } = JSON.parse(event.data);
    if (caseId !== state.selected || !state.detail) return;
    state.detail.messages.push(message);
    renderCase();
  });
  // Reconnected after a break: what was missed is read afresh.
  state.feed.addEventListener('open', () => refreshCases());
}

// ——— start ———
whenSignedOut(showSignIn);
loadStrings().then(async () => {
  const { status, body } = await api('/api/staff/me');
  if (status === 200) signedIn(body);
  else showSignIn();
});

// The staff console: plain browser JavaScript, no build step. Everything it shows comes from
// /api/staff/ (the session cookie set at sign-in) and is written with textContent, never as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { language: localStorage.getItem('staffLanguage') || 'ar', strings: {}, other: {}, me: null, cases: new Map(), selected: null, detail: null, feed: null, requests: [], request: null, ratings: null };
  const t = (key) => state.strings[key] || key;

  async function api(path, options = {}) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...options });
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    if (response.status === 401 && path !== '/api/staff/login' && path !== '/api/staff/me') showSignIn();
    return { status: response.status, body };
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

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
    $('queue-view').hidden = $('requests-view').hidden = $('ratings-view').hidden = $('tabs').hidden = $('sign-out').hidden = true;
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
  const TABS = ['queue', 'requests', 'ratings'];
  function showTab(name) {
    for (const tab of TABS) {
      $(`${tab}-view`).hidden = name !== tab;
      $(`tab-${tab}`).classList.toggle('active', name === tab);
    }
    if (name === 'requests') refreshRequests();
    if (name === 'ratings') refreshRatings();
  }
  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));

  // ——— ratings: a supervisor sees every officer's, an officer their own (the API decides) ———
  async function refreshRatings() {
    const { status, body } = await api('/api/staff/handoffs/ratings');
    if (status !== 200) return;
    state.ratings = body.agents;
    renderRatings();
  }
  function renderRatings() {
    if (!state.ratings || !state.me) return;
    const entries = Object.entries(state.ratings).sort(([, a], [, b]) => a.displayName.localeCompare(b.displayName, state.language));
    $('no-ratings').hidden = entries.length > 0;
    $('ratings-rows').replaceChildren(
      ...entries.map(([username, r]) =>
        el('tr', { 'data-agent': username },
          el('td', { text: r.displayName }),
          el('td', { text: String(r.count) }),
          el('td', { text: `${r.average.toFixed(2)} / 5` }),
          el('td', {}, el('ul', { class: 'comments' }, ...r.recentComments.map((c) => el('li', { text: `${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)} ${c.comment}` }))))),
      ),
    );
  }

  // ——— the queue ———
  // A page at a time: a busy day's cases are not all loaded at once. The API's order is the working
  // order (waiting first, then in progress, then finished, newest first); "Load more" follows `next`.
  const PAGE = 30;
  async function refreshCases() {
    const { status, body } = await api(`/api/staff/handoffs?limit=${PAGE}`);
    if (status !== 200) return;
    state.cases = new Map(body.handoffs.map((c) => [c.id, c]));
    state.casesNext = body.next;
    renderCases();
  }
  $('cases-more').addEventListener('click', async () => {
    const { status, body } = await api(`/api/staff/handoffs?limit=${PAGE}&cursor=${encodeURIComponent(state.casesNext)}`);
    if (status !== 200) return;
    for (const c of body.handoffs) if (!state.cases.has(c.id)) state.cases.set(c.id, c);
    state.casesNext = body.next;
    renderCases();
  });
  const minutesSince = (iso) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  const ORDER = { waiting: 0, assigned: 1, resolved: 2, abandoned: 2, expired: 2 };
  function renderCases() {
    const list = $('cases');
    if (!list || !state.me) return;
    list.replaceChildren();
    const finishedAt = (c) => c.endedAt || c.createdAt;
    const shown = [...state.cases.values()].sort((a, b) => ORDER[a.status] - ORDER[b.status] || (ORDER[a.status] < 2 ? a.queuedAt.localeCompare(b.queuedAt) : finishedAt(b).localeCompare(finishedAt(a))));
    $('cases-more').hidden = !state.casesNext;
    $('no-cases').hidden = shown.some((c) => c.status === 'waiting');
    for (const c of shown) {
      const info = c.status === 'waiting' ? `${t('waited')}: ${minutesSince(c.queuedAt)} ${t('minutes')}` : c.agentName || '';
      list.append(
        el('li', {}, el('button', { type: 'button', class: c.id === state.selected ? 'selected' : '', 'data-case': c.id, onclick: () => selectCase(c.id) },
          el('span', {}, el('span', { class: 'badge', text: t(c.status) }), ' ', el('strong', { text: `#${c.id.slice(0, 8)}` })),
          el('small', { class: 'case-language', text: `${t('language')}: ${t(`lang.${c.language}`)} · ${t('channel')}: ${c.channelId}` }),
          el('small', { text: info }))),
      );
    }
  }
  setInterval(renderCases, 30000);

  async function selectCase(id) {
    state.selected = id;
    $('case-error').textContent = '';
    const { status, body } = await api(`/api/staff/handoffs/${encodeURIComponent(id)}`);
    state.detail = status === 200 ? body : null;
    renderCases();
    renderCase();
  }

  function line(from, text, at, who, files) {
    const label = from === 'person' ? t('person') : from === 'agent' ? `${t('agent')} ${who || ''}` : t('bot');
    return el('li', { class: from }, el('small', { text: `${label} · ${new Date(at).toLocaleTimeString(state.language === 'ar' ? 'ar-SA' : 'en-GB', { hour: '2-digit', minute: '2-digit' })}` }), document.createTextNode(text), ...(files || []).map(fileLink));
  }
  // A file said in the case: a download for the officer who took it; the others see its name only (the API refuses them).
  function fileLink(file) {
    const c = state.detail;
    const size = `${Math.max(1, Math.round(file.bytes / 1024))} KB`;
    if (file.deleted) return el('span', { class: 'file locked', text: `${file.name} — ${t('fileDeleted')}` });
    if (!c || c.agent !== state.me.username) return el('span', { class: 'file locked', text: `${file.name} (${size}) — ${t('fileLocked')}` });
    return el('a', { class: 'file', href: `/api/staff/handoffs/${encodeURIComponent(c.id)}/files/${encodeURIComponent(file.id)}`, download: file.name, text: `${file.name} (${size})` });
  }

  function renderCase() {
    const c = state.detail;
    $('case-empty').hidden = Boolean(c);
    $('case-body').hidden = !c;
    if (!c) return;
    const mine = c.status === 'assigned' && (c.agent === state.me.username || state.me.supervisor);
    // The person's current language: it follows a switch during the conversation (the feed's case event).
    $('case-title').textContent = `#${c.id.slice(0, 8)} · ${c.channelId}`;
    $('case-language').textContent = `${t('language')}: ${t(`lang.${c.language}`)}`;
    $('case-status').textContent = t(c.status);
    $('take').hidden = c.status !== 'waiting';
    $('end').hidden = !mine;
    $('reply').hidden = !mine;
    $('case-rating').hidden = c.status !== 'resolved';
    $('case-rating').textContent = c.rating ? `${t('rating')}: ${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)} (${c.rating}/5)${c.comment ? ` — ${t('comment')}: ${c.comment}` : ''}` : t('noRating');
    const before = c.assignedAt || c.endedAt || new Date().toISOString();
    const items = [...c.transcript.filter((l) => !c.messages.length || l.at < (c.messages[0].at < before ? c.messages[0].at : before)).map((l) => line(l.from, l.text, l.at)), ...c.messages.map((m) => line(m.from, m.text, m.at, m.agent, m.files))];
    $('earlier').hidden = !c.transcriptCursor;
    $('transcript').replaceChildren(...items);
    $('transcript').scrollTop = $('transcript').scrollHeight;
  }

  // A long conversation comes a page at a time, from its end; earlier lines on request.
  $('earlier').addEventListener('click', async () => {
    const c = state.detail;
    const { status, body } = await api(`/api/staff/handoffs/${encodeURIComponent(c.id)}?cursor=${encodeURIComponent(c.transcriptCursor)}`);
    if (status !== 200 || state.detail !== c) return;
    c.transcript = [...body.transcript, ...c.transcript];
    c.transcriptCursor = body.transcriptCursor;
    const list = $('transcript');
    const fromBottom = list.scrollHeight - list.scrollTop;
    renderCase();
    // Stay where the reader was, the earlier lines above.
    list.scrollTop = list.scrollHeight - fromBottom;
  });

  $('take').addEventListener('click', async () => {
    const { status, body } = await api(`/api/staff/handoffs/${encodeURIComponent(state.selected)}/claim`, { method: 'POST', body: '{}' });
    if (status === 409) $('case-error').textContent = t('taken');
    else if (status === 200) state.detail = body;
    renderCase();
  });
  $('end').addEventListener('click', async () => {
    await api(`/api/staff/handoffs/${encodeURIComponent(state.selected)}/end`, { method: 'POST', body: '{}' });
    await selectCase(state.selected);
  });
  $('reply').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('reply-text').value.trim();
    const files = [...$('reply-file').files];
    if (!text && !files.length) return;
    $('send').disabled = true;
    const path = `/api/staff/handoffs/${encodeURIComponent(state.selected)}/messages`;
    let result;
    if (files.length) {
      // Files go as multipart; the browser sets the boundary, so no content-type of ours.
      const form = new FormData();
      form.append('text', text);
      for (const file of files) form.append('file', file, file.name);
      const response = await fetch(path, { method: 'POST', credentials: 'same-origin', body: form });
      const raw = await response.text();
      result = { status: response.status, body: raw ? JSON.parse(raw) : undefined };
    } else {
      result = await api(path, { method: 'POST', body: JSON.stringify({ text }) });
    }
    $('send').disabled = false;
    if (result.status === 201) {
      $('reply-text').value = '';
      $('reply-file').value = '';
    } else $('case-error').textContent = (result.body && result.body.error) || String(result.status);
  });
  $('reply-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('reply').requestSubmit();
    }
  });

  // ——— the live feed ———
  function openFeed() {
    if (state.feed) state.feed.close();
    state.feed = new EventSource('/api/staff/handoffs/feed');
    state.feed.addEventListener('case', (event) => {
      const { case: changed } = JSON.parse(event.data);
      state.cases.set(changed.id, { ...state.cases.get(changed.id), ...changed });
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

  // ——— requests ———
  const TRANSITIONS = { received: ['in_review', 'rejected'], in_review: ['awaiting_info', 'resolved', 'rejected'], awaiting_info: ['in_review', 'resolved', 'rejected'], resolved: [], rejected: [] };
  async function refreshRequests() {
    const { status, body } = await api(`/api/staff/requests?limit=${PAGE}`);
    if (status !== 200) return;
    state.requests = body.requests;
    state.requestsNext = body.next;
    renderRequests();
  }
  $('requests-more').addEventListener('click', async () => {
    const { status, body } = await api(`/api/staff/requests?limit=${PAGE}&cursor=${encodeURIComponent(state.requestsNext)}`);
    if (status !== 200) return;
    const known = new Set(state.requests.map((r) => r.number));
    state.requests = [...state.requests, ...body.requests.filter((r) => !known.has(r.number))];
    state.requestsNext = body.next;
    renderRequests();
  });
  function renderRequests() {
    const list = $('requests');
    if (!list || !state.me) return;
    list.replaceChildren(
      ...state.requests.map((r) =>
        el('li', {}, el('button', { type: 'button', class: state.request && state.request.number === r.number ? 'selected' : '', onclick: () => selectRequest(r.number) },
          el('span', {}, el('span', { class: 'badge', text: t(`status.${r.status}`) }), ' ', el('strong', { text: r.number })),
          el('small', { text: `${r.category || ''}${r.overdue ? ' ⚠' : ''}${r.newInformation ? ` · ${t('newInformation')}` : ''}` }))),
      ),
    );
    $('requests-more').hidden = !state.requestsNext;
    const r = state.request;
    $('request-empty').hidden = Boolean(r);
    $('request-body').hidden = !r;
    if (!r) return;
    $('request-title').textContent = r.number;
    $('request-status').textContent = t(`status.${r.status}`);
    const fields = [['number', r.number], ['submitted', r.submittedAt || r.createdAt || ''], ['category', r.category || ''], ['status', t(`status.${r.status}`)]];
    $('request-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', { text: String(v) })]), el('dt', { text: '…' }), el('dd', { text: r.description || '' }));
    // The history, with what the person added (their words and their files by name) since submitting.
    $('request-history').replaceChildren(...(r.history || []).map((h) => {
      const when = new Date(h.at).toLocaleString(state.language === 'ar' ? 'ar-SA' : 'en-GB');
      if (h.added) {
        const files = h.added.files.map((f) => f.name).join('، ');
        return el('li', { class: 'added' }, el('strong', { text: `${when} · ${t('addedByPerson')}` }), h.added.text ? el('p', { text: h.added.text }) : '', files ? el('p', { text: `${t('files')}: ${files}` }) : '');
      }
      return el('li', {}, el('strong', { text: `${when} · ${t(`status.${h.status}`)}` }), h.note ? el('p', { text: h.note }) : '');
    }));
    const next = TRANSITIONS[r.status] || [];
    $('new-status').replaceChildren(...next.map((s) => el('option', { value: s, text: t(`status.${s}`) })));
    $('status-change').hidden = next.length === 0;
  }
  async function selectRequest(number) {
    $('request-error').textContent = '';
    const { status, body } = await api(`/api/staff/requests/${encodeURIComponent(number)}`);
    state.request = status === 200 ? body : null;
    renderRequests();
  }
  $('status-change').addEventListener('submit', async (event) => {
    event.preventDefault();
    const note = $('status-note').value.trim();
    const { status, body } = await api(`/api/staff/requests/${encodeURIComponent(state.request.number)}/status`, { method: 'PATCH', body: JSON.stringify({ status: $('new-status').value, ...(note ? { note } : {}) }) });
    if (status !== 200) return void ($('request-error').textContent = (body && body.error) || String(status));
    $('status-note').value = '';
    state.request = body.request;
    await refreshRequests();
  });

  // ——— start ———
  loadStrings().then(async () => {
    const { status, body } = await api('/api/staff/me');
    if (status === 200) signedIn(body);
    else showSignIn();
  });
})();

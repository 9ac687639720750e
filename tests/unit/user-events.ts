/** Marks an event as a page script's (`isTrusted: false`), as a real browser does for `dispatchEvent`. */
export function untrusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'kdUntrusted', { value: true });
  return event;
}

/**
 * Only the user's own gestures write. A buildkite.com page's script (XSS, a third-party script) can dispatch
 * `keydown`s and `click`s at our controls, even through the open shadow root; the browser marks those
 * `isTrusted: false`. Every in-page control and shortcut that writes goes through these helpers.
 */
export function isUserEvent(event: Event): boolean {
  return event.isTrusted === true;
}

/** Wraps a handler so that it runs only for the user's own events. */
export function onlyUser<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (isUserEvent(event)) handler(event);
  };
}

/**
 * A form's submit acts only when the user's own click on a submit button, or Enter pressed in the form, started
 * it in the same task. `form.requestSubmit()` from a page script fires a submit event the browser marks trusted,
 * so the submit event alone proves nothing.
 */
export function onUserSubmit(form: HTMLFormElement, handler: (event: SubmitEvent) => void, signal?: AbortSignal) {
  let armed = false;
  const arm = () => {
    armed = true;
    setTimeout(() => (armed = false), 0);
  };
  const options = { capture: true, ...(signal ? { signal } : {}) };
  form.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest('button, input') : null;
      if (isUserEvent(event) && target && (target as HTMLButtonElement).type === 'submit') arm();
    },
    options,
  );
  form.addEventListener(
    'keydown',
    (event) => {
      if (isUserEvent(event) && event.key === 'Enter') arm();
    },
    options,
  );
  form.addEventListener(
    'submit',
    (event) => {
      event.preventDefault();
      if (!armed) return;
      armed = false;
      handler(event);
    },
    signal ? { signal } : {},
  );
}

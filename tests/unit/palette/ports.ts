import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * `runtime.connect` / `runtime.onConnect` in memory (WXT's fake browser has neither): each connect makes two linked
 * ports; a message is copied as JSON (as Chrome does) and delivered in a later task; `disconnect()` fires the
 * other side's `onDisconnect` only, as in the browsers. `sender` is what the background's side reports.
 */
type Listener<A extends unknown[]> = (...args: A) => void;

function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (l: Listener<A>) => void listeners.add(l),
    removeListener: (l: Listener<A>) => void listeners.delete(l),
    hasListener: (l: Listener<A>) => listeners.has(l),
    fire: (...args: A) => [...listeners].forEach((l) => l(...args)),
  };
}

interface FakePort {
  name: string;
  sender?: Browser.runtime.MessageSender;
  onMessage: ReturnType<typeof event<[unknown, FakePort]>>;
  onDisconnect: ReturnType<typeof event<[FakePort]>>;
  postMessage(message: unknown): void;
  disconnect(): void;
}

export interface FakePorts {
  /** Background-side ports opened so far. */
  readonly opened: FakePort[];
  /** Who the next connections come from. */
  sender: Browser.runtime.MessageSender;
  /** Messages the page side posted. */
  readonly posted: unknown[];
  /** When true, the background hears nothing more (a hung worker). */
  deaf: boolean;
}

export function installFakePorts(sender: Browser.runtime.MessageSender): FakePorts {
  const onConnect = event<[FakePort]>();
  const state: FakePorts = { opened: [], sender, posted: [], deaf: false };

  function pair(name: string): [FakePort, FakePort] {
    let closed = false;
    const make = (): FakePort => ({
      name,
      onMessage: event<[unknown, FakePort]>(),
      onDisconnect: event<[FakePort]>(),
      postMessage: () => undefined,
      disconnect: () => undefined,
    });
    const page = make();
    const background = { ...make(), sender: state.sender };
    const link = (from: FakePort, to: FakePort, record: boolean) => {
      from.postMessage = (message) => {
        if (closed) throw new Error('Attempting to use a disconnected port object');
        if (record) state.posted.push(message);
        const copy: unknown = JSON.parse(JSON.stringify(message));
        if (record && state.deaf) return;
        setTimeout(() => !closed && to.onMessage.fire(copy, to), 0);
      };
      from.disconnect = () => {
        if (closed) return;
        closed = true;
        setTimeout(() => to.onDisconnect.fire(to), 0);
      };
    };
    link(page, background, true);
    link(background, page, false);
    return [page, background];
  }

  const runtime = fakeBrowser.runtime as unknown as Record<string, unknown>;
  runtime.onConnect = onConnect;
  runtime.connect = ({ name }: { name: string }) => {
    const [page, background] = pair(name);
    state.opened.push(background);
    setTimeout(() => onConnect.fire(background), 0);
    return page;
  };
  return state;
}

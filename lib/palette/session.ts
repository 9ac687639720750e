/**
 * The palette's side of its session with the background: one long-lived `runtime.connect` port while the palette
 * is open, one `{seq, query, pageUrl}` message per query on it, one `{seq, reply}` back. A one-shot `sendMessage`
 * per keystroke opens and tears down a message channel each time (in Chrome: a new port, an `onConnect` in the
 * worker, the reply, the close); the port pays that once per opening.
 * Used by the content script and the popup alike; it holds no index and no token, and imports no polyfill.
 * Every search settles: a port that closes under a query (the worker was stopped or the extension updated) is
 * reopened once and the query asked again (a search reads only); if that fails too, or no answer comes within
 * REPLY_BOUND_MS, the answer is `lostContact()`.
 */
import { browser } from 'wxt/browser';
import type { Reply } from '../errors';
import { lostContact, REPLY_BOUND_MS } from '../in-page-messaging';
import { PALETTE_PORT } from './command';
import type { PaletteAnswer, PaletteAnswerMessage, PaletteQueryMessage } from './model';

type Port = ReturnType<typeof browser.runtime.connect>;

export interface PaletteSession {
  search(query: string, pageUrl: string): Promise<Reply<PaletteAnswer>>;
  /** Closes the port (the palette closed); the next search opens a new one. */
  end(): void;
}

interface Pending {
  message: PaletteQueryMessage;
  settle(reply: Reply<PaletteAnswer>): void;
  retried: boolean;
}

export function paletteSession(): PaletteSession {
  let port: Port | null = null;
  let seq = 0;
  const pending = new Map<number, Pending>();

  const lost = (why: string): Reply<PaletteAnswer> => ({ ok: false, error: lostContact(why) });

  function post(entry: Pending): void {
    try {
      connected().postMessage(entry.message);
    } catch (cause) {
      port = null;
      retryOrFail(entry, cause instanceof Error ? cause.message : String(cause));
    }
  }

  function retryOrFail(entry: Pending, why: string): void {
    if (!entry.retried) {
      entry.retried = true;
      post(entry);
    } else entry.settle(lost(`The connection to Kitedeck’s background was lost (${why}).`));
  }

  function connected(): Port {
    if (port) return port;
    const opened = browser.runtime.connect({ name: PALETTE_PORT });
    opened.onMessage.addListener((raw: unknown) => {
      const message = raw as PaletteAnswerMessage;
      pending.get(message?.seq)?.settle(message.reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
      const why = browser.runtime.lastError?.message ?? 'the background closed the palette’s connection';
      for (const entry of [...pending.values()]) retryOrFail(entry, why);
    });
    port = opened;
    return opened;
  }

  return {
    search(query, pageUrl) {
      const message: PaletteQueryMessage = { seq: ++seq, query, pageUrl };
      return new Promise((resolve) => {
        const timer = setTimeout(
          () => entry.settle(lost(`No answer from Kitedeck’s background in ${REPLY_BOUND_MS / 1000} s.`)),
          REPLY_BOUND_MS,
        );
        const entry: Pending = {
          message,
          retried: false,
          settle(reply) {
            if (!pending.delete(message.seq)) return;
            clearTimeout(timer);
            resolve(reply);
          },
        };
        pending.set(message.seq, entry);
        post(entry);
      });
    },
    end() {
      const open = port;
      port = null;
      open?.disconnect();
      for (const entry of [...pending.values()]) entry.settle(lost('The palette was closed.'));
    },
  };
}

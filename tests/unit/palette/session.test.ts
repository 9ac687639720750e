import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerPaletteHandlers } from '@/entrypoints/background/palette-handlers';
import { REPLY_BOUND_MS } from '@/lib/in-page-messaging';
import { paletteSession } from '@/lib/palette/session';
import { senders } from '../background/senders';
import { installFakePorts, type FakePorts } from './ports';

/**
 * The palette's session: queries on one long-lived port to the real background handler (lib/palette/session.ts,
 * entrypoints/background/palette-handlers.ts), checked as a buildkite-tab message is, and every search settles.
 */
const DASHBOARD = 'https://buildkite.com/dashboard';
let ports: FakePorts;

beforeAll(() => {
  // WXT's fake browser has no `commands.onCommand` (the palette's keyboard command) and no ports.
  const fake = fakeBrowser as unknown as { commands: { onCommand: unknown } };
  fake.commands = { ...fake.commands, onCommand: { addListener: () => undefined } };
  ports = installFakePorts(senders.contentScript(DASHBOARD));
  registerPaletteHandlers();
});
beforeEach(() => {
  ports.sender = senders.contentScript(DASHBOARD);
  ports.deaf = false;
});

describe('palette session (one port per opening)', () => {
  it('answers every query of an opening on one port', async () => {
    const before = ports.opened.length;
    const session = paletteSession();
    const first = await session.search('', DASHBOARD);
    const second = await session.search('>', DASHBOARD);
    expect(first.ok && first.value.results.some((r) => r.id === 'a:open-console')).toBe(true);
    expect(second.ok && second.value.results.every((r) => r.kind === 'action')).toBe(true);
    expect(ports.opened.length - before).toBe(1);
    session.end();
  });

  it('closes a port from another extension or a sub-frame: the search settles as lost contact', async () => {
    for (const sender of [senders.otherExtension(), senders.contentScript(DASHBOARD, 3)]) {
      ports.sender = sender;
      const reply = await paletteSession().search('acme', DASHBOARD);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'lost-contact' } });
    }
  });

  it('validates every query: an oversized one is refused as an invalid request', async () => {
    const session = paletteSession();
    const reply = await session.search('x'.repeat(2001), DASHBOARD);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-message', title: 'Invalid request' } });
    session.end();
  });

  it('a port closed under a query (the worker stopped) is reopened once and the query asked again', async () => {
    const session = paletteSession();
    await session.search('', DASHBOARD);
    const opened = ports.opened.length;
    const background = ports.opened.at(-1)!;
    // The worker goes away as the query arrives: its side of the port closes without answering.
    background.onMessage.addListener(() => background.disconnect());
    const reply = await session.search('>', DASHBOARD);
    expect(reply.ok).toBe(true);
    expect(ports.opened.length).toBe(opened + 1);
    session.end();
  });

  it('settles when the palette closes under a query, and when no answer comes in time', async () => {
    vi.useFakeTimers();
    try {
      ports.deaf = true;
      const session = paletteSession();
      const closing = session.search('acme', DASHBOARD);
      session.end();
      expect(await closing).toMatchObject({ ok: false, error: { kind: 'lost-contact' } });
      const unanswered = session.search('acme', DASHBOARD);
      await vi.advanceTimersByTimeAsync(REPLY_BOUND_MS + 1);
      expect(await unanswered).toMatchObject({ ok: false, error: { kind: 'lost-contact' } });
      session.end();
    } finally {
      ports.deaf = false;
      vi.useRealTimers();
    }
  });
});

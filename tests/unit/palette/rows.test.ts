import { afterEach, describe, expect, it } from 'vitest';
import type { PaletteAnswer, PaletteResult } from '@/lib/palette/model';
import { createPalette, type PaletteUi } from '@/lib/palette/ui/palette';

/**
 * The palette redraws only what changed between two answers: an option of a result it already shows is kept (moved
 * if the ranking moved it), its title redrawn when the highlight moved; the listbox still reads in answer order.
 */
const pipeline = (name: string, matches: number[] = []): PaletteResult => ({
  id: `p:acme/${name}`,
  kind: 'pipeline',
  title: `acme / ${name}`,
  matches,
  detail: 'default branch main',
  state: 'passed',
  url: `https://buildkite.com/acme/${name}`,
  action: null,
});
const READY = { state: 'ready', loaded: 3, total: 3, message: '3 pipelines' } as const;

let ui: PaletteUi | null = null;
afterEach(() => {
  ui?.close();
  document.body.replaceChildren();
});

function mount(answers: Record<string, PaletteResult[]>) {
  ui = createPalette(
    {
      pageUrl: () => 'https://buildkite.com/dashboard',
      search: (query) =>
        Promise.resolve({ ok: true, value: { results: answers[query] ?? [], status: READY } as PaletteAnswer }),
      closed: () => undefined,
      opened: () => undefined,
      navigate: () => undefined,
      runAction: () => Promise.resolve(null),
    },
    document.body,
  );
  ui.open();
  const root = document.querySelector('kd-palette')!.shadowRoot!;
  const list = root.querySelector('[role=listbox]')!;
  const answered = async (query: string) => {
    for (let i = 0; i < 50 && list.getAttribute('data-kd-query') !== query; i++)
      await new Promise((r) => setTimeout(r));
    expect(list.getAttribute('data-kd-query')).toBe(query);
  };
  return { root, list, answered, options: () => [...list.querySelectorAll('[role=option]')] as HTMLElement[] };
}

describe('palette rows', () => {
  it('keeps the options of results it already shows, in the new order, and redraws only moved highlights', async () => {
    const { root, answered, options } = mount({
      a: [pipeline('api', [7]), pipeline('web', []), pipeline('docs', [])],
      ap: [pipeline('web', []), pipeline('api', [7, 8]), pipeline('app', [7, 8])],
    });
    ui!.setQuery('a');
    await answered('a');
    const [api, web] = options();
    const webTitle = web!.querySelector('.kd-title');

    ui!.setQuery('ap');
    await answered('ap');
    const now = options();
    expect(now.map((o) => o.textContent?.slice(0, 10))).toEqual(['acme / web', 'acme / api', 'acme / app']);
    expect(now[0]).toBe(web); // moved, not rebuilt
    expect(now[0]!.querySelector('.kd-title')).toBe(webTitle); // same highlight: untouched
    expect(now[1]).toBe(api);
    expect([...now[1]!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['ap']);
    expect(now.map((o) => o.id)).toEqual(['kd-palette-option-0', 'kd-palette-option-1', 'kd-palette-option-2']);
    expect(now.map((o) => o.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    expect(root.querySelector('[role=combobox]')!.getAttribute('aria-activedescendant')).toBe('kd-palette-option-0');
  });

  it('a result whose state changed gets a new option', async () => {
    const failed = { ...pipeline('api'), state: 'failed' };
    const { answered, options } = mount({ a: [pipeline('api')], ap: [failed] });
    ui!.setQuery('a');
    await answered('a');
    const [before] = options();
    ui!.setQuery('ap');
    await answered('ap');
    expect(options()[0]).not.toBe(before);
    expect(options()[0]!.querySelector('.kd-chip')!.textContent).toBe('failed');
  });
});

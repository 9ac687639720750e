import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

/** axe-core in real Firefox ESR: its source injected with puppeteer; returns each violation's id and node count. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page, or only inside `include` (a selector, e.g. the in-page panel's host). */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (selector: string | null) => {
    // The panel fades in (120 ms): measure the colours the user sees once it has, not half-way.
    const root = selector ? document.querySelector(selector)?.shadowRoot : null;
    const finite = (root?.getAnimations() ?? []).filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((a) => a.finished));
    const axe = (
      window as unknown as {
        axe: { run: (context?: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const result = await (selector ? axe.run({ include: [[selector]] }) : axe.run());
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, include ?? null);
}

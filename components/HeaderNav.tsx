import type { ComponentChildren } from 'preact';

/** The extension pages, in the order every page's header lists them. */
export const PAGES = [
  { file: 'popup.html', title: 'Popup' },
  { file: 'console.html', title: 'Console' },
  { file: 'webhook-lab.html', title: 'Webhook lab' },
  { file: 'options.html', title: 'Options' },
] as const;

export type PageFile = (typeof PAGES)[number]['file'] | 'welcome.html' | 'job-log.html' | 'digest.html';

/** The shared header of every extension page: brand, then Popup · Console · Webhook lab · Options. */
export function HeaderNav({ current, children }: { current: PageFile; children?: ComponentChildren }) {
  return (
    <header class="kd-header">
      <a class="kd-brand" href="popup.html">
        <img src="/icon-32.png" alt="" width="20" height="20" />
        Kitedeck
      </a>
      <nav class="kd-nav" aria-label="Kitedeck pages">
        <ul>
          {PAGES.map((page) => (
            <li key={page.file}>
              <a href={page.file} aria-current={page.file === current ? 'page' : undefined}>
                {page.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </header>
  );
}

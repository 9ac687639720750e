import { PAGES } from '@/components/HeaderNav';

/** The popup's last line: every other extension page, one click away (each opens in a tab). */
export function PopupNav() {
  return (
    <nav class="kd-popup-nav" aria-label="Kitedeck pages">
      <ul>
        {PAGES.filter((page) => page.file !== 'popup.html').map((page) => (
          <li key={page.file}>
            <a href={page.file} target="_blank" rel="noreferrer">
              {page.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

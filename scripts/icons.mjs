// Regenerates Kitedeck's PNG icons from assets/icon.svg with headless Chromium (Playwright, Debian's chromium):
//   node scripts/icons.mjs
// Toolbar/manifest icons 16/32/48/128 and the notification icon go to public/; the store icon (128 px canvas with
// the 96 px artwork centred, as the Chrome Web Store asks) to docs/store/.
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync(new URL('../assets/icon.svg', import.meta.url), 'utf8');
const targets = [
  ...[16, 32, 48, 128].map((size) => ({ file: `public/icon-${size}.png`, canvas: size, art: size })),
  { file: 'public/icon-notification.png', canvas: 160, art: 160 },
  { file: 'docs/store/icon-128.png', canvas: 128, art: 96 },
];

mkdirSync('docs/store', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
for (const { file, canvas, art } of targets) {
  await page.setViewportSize({ width: canvas, height: canvas });
  const pad = (canvas - art) / 2;
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{position:absolute;left:${pad}px;top:${pad}px;width:${art}px;height:${art}px}</style>${svg}`,
  );
  await page.screenshot({ path: file, omitBackground: true });
  console.log(`${file} (${canvas}×${canvas})`);
}
await browser.close();

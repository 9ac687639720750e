/**
 * The pages the content-script bench loads as `https://buildkite.com/...` (served by `context.route`), the same
 * HTML for every profile. They use no Buildkite CSS classes, like the fake's pages.
 * - `300-job build`: the independent method's page: 300 job rows, each a link whose href carries a job UUID
 *   (`…/builds/42#<uuid>`) and an 80-character code cell.
 * - `heavy build`: a large real build page's shape: 3,200 job rows with nested markup (state, agent, queue, timings,
 *   the command) for >= 2 MiB of HTML, and a bootstrap script that keeps the build's data in the page's JS heap the
 *   way a single-page app's store does (one object per job with its steps, annotations and log lines), for >= 3 MiB
 *   of page heap. The bench prints the HTML size and the page's own heap so a reader can check both.
 * - `pipeline`: a pipeline page (not a build page): 50 builds listed, no feature of Kitedeck applies.
 */

/** Deterministic UUID-shaped ids (v4 layout), so every profile loads byte-identical pages. */
export function fakeUuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `5e1d${hex.slice(0, 4)}-0000-4000-8000-${hex}`;
}

const code = (i: number) =>
  `bundle exec rspec spec/shard_${String(i).padStart(3, '0')}_spec.rb --format progress`.padEnd(80, '.').slice(0, 80);

function layout(title: string, main: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px system-ui,sans-serif;margin:0}header,main{padding:12px 20px}header{background:#eee}li{margin:4px 0}
code{font:12px ui-monospace,monospace;background:#f4f4f4}.m{color:#666;font-size:12px}</style>${extraHead}</head>
<body><header><nav aria-label="Site"><a href="/">Home</a> · <a href="/acme">acme</a></nav></header>
<main>${main}</main></body></html>`;
}

/** `realIds`: the API build's job ids, put first so the page links to the jobs Kitedeck reads. */
export function buildPage300(path: string, number: number, realIds: readonly string[]): string {
  const rows = Array.from({ length: 300 }, (_, i) => {
    const id = realIds[i] ?? fakeUuid(i + 1);
    const state = i % 25 === 7 ? 'failed' : 'passed';
    return `<li><a href="${path}#${id}">Shard ${i + 1}</a> <span>${state}</span> <code>${code(i)}</code></li>`;
  }).join('\n');
  return layout(
    `web #${number}`,
    `<h1>web #${number}</h1><p>Large build · <span>main</span> · <span>failing</span></p>
<section aria-label="Jobs"><h2>Jobs</h2><ul>${rows}</ul></section>`,
  );
}

const HEAVY_JOBS = 3200;

export function heavyBuildPage(path: string, number: number, realIds: readonly string[]): string {
  const rows = Array.from({ length: HEAVY_JOBS }, (_, i) => {
    const id = realIds[i] ?? fakeUuid(i + 1);
    const state = i % 40 === 7 ? 'failed' : 'passed';
    return `<li data-job="${id}"><div><a href="${path}#${id}">:rspec: Shard ${i + 1} of ${HEAVY_JOBS}</a> <span>${state}</span></div>
<div class="m"><span>Agent ci-agent-${i % 64}.acme.internal</span> · <span>queue=default</span> · <span>Waited ${i % 9}s</span> · <span>Ran ${30 + (i % 300)}s</span> · <span>exit ${state === 'failed' ? 1 : 0}</span></div>
<div><code>${code(i)}</code></div><div class="m">Artifacts: <a href="${path}/artifacts/${id}/coverage-${i}.tar.gz">coverage-${i}.tar.gz</a> <a href="${path}/artifacts/${id}/junit-${i}.xml">junit-${i}.xml</a></div></li>`;
  }).join('\n');
  // The page's own store: built by its script from a compact seed, like an SPA hydrating (heap, not HTML).
  const store = `<script>
window.__BUILD__ = { number: ${number}, jobs: [] };
for (let i = 0; i < ${HEAVY_JOBS}; i++) {
  const lines = [];
  for (let l = 0; l < 24; l++) lines.push({ n: l, t: 'shard ' + i + ' line ' + l + ' ' + 'x'.repeat(20 + (l % 7)) + i });
  window.__BUILD__.jobs.push({ id: 'job-' + i, label: 'Shard ' + (i + 1), state: i % 40 === 7 ? 'failed' : 'passed',
    steps: [{ key: 's' + i, env: { SHARD: String(i), QUEUE: 'default' } }], log: lines });
}
</script>`;
  return layout(
    `web #${number}`,
    `<h1>web #${number}</h1><p>Heavy build · <span>main</span> · <span>failing</span></p>
<section aria-label="Jobs"><h2>Jobs</h2><ul>${rows}</ul></section>${store}`,
  );
}

export function pipelinePage(org: string, pipeline: string): string {
  const rows = Array.from(
    { length: 50 },
    (_, i) =>
      `<li><a href="/${org}/${pipeline}/builds/${500 - i}">#${500 - i}</a> Merge pull request #${9000 - i} <span>${i % 7 === 3 ? 'failed' : 'passed'}</span> <code>${code(i)}</code></li>`,
  ).join('\n');
  return layout(`${org}/${pipeline}`, `<h1>${org}/${pipeline}</h1><ul>${rows}</ul>`);
}

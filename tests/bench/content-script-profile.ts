/**
 * `KD_BENCH_PROFILE=1 npm run bench -- content-script`: where Kitedeck's task time goes. Instead of the paired
 * rounds, Kitedeck's tab is loaded KD_BENCH_RUNS times under V8's CPU profiler (25 µs samples) and the content
 * script's functions are listed by self time per load, each with its place in the built file and the code there
 * (the build is minified: the excerpt names it). This is how the ICU collator behind a `localeCompare` in the
 * feature registry's sort showed up (11 ms of every Buildkite tab's main thread). A diagnosis, not a figure.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function profileContentScript(
  context: BrowserContext,
  url: string,
  script: string,
  loads: number,
  afterLoadMs: number,
): Promise<void> {
  const code = readFileSync(script, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const name = script.replace(/^.*\//, '');
  const selfMs = new Map<string, number>();
  for (let load = 0; load < loads; load++) {
    const page = await context.newPage();
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 25 });
      await cdp.send('Profiler.start');
      await page.goto(url, { waitUntil: 'load' });
      await new Promise((resolve) => setTimeout(resolve, afterLoadMs));
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
      profile.samples.forEach((id, i) => {
        const frame = nodes.get(id);
        if (!frame) return;
        let key: string;
        if (frame.url.endsWith(name)) {
          const at = (lineStarts[frame.lineNumber] ?? 0) + frame.columnNumber;
          const excerpt = code.slice(Math.max(0, at - 30), at + 60).replace(/\s+/g, ' ');
          key = `${frame.functionName || '(anonymous)'} at ${name}:${at}  …${excerpt}…`;
        } else if (frame.url) key = `${frame.functionName || '(anonymous)'} in ${frame.url.replace(/^.*\//, '')}`;
        else key = frame.functionName || '(native)';
        selfMs.set(key, (selfMs.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
      });
    } finally {
      await page.close();
    }
  }
  console.log(`CPU self time per load, Kitedeck's tab, ${loads} loads (ms; top 30, idle left out):`);
  const rows = [...selfMs].filter(([key]) => key !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [key, ms] of rows.slice(0, 30))
    console.log(`${(ms / loads).toFixed(2).padStart(7)}  ${key.slice(0, 150)}`);
}

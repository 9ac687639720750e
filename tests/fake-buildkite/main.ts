/**
 * Run the fake standalone: `npx tsx tests/fake-buildkite/main.ts --port 4010 [--host 127.0.0.1]`.
 * Prints `fake-buildkite listening on <url>` once it accepts connections.
 */
import { startFakeBuildkite } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const port = Number(arg('port') ?? process.env.FAKE_BUILDKITE_PORT ?? 4010);
const host = arg('host') ?? process.env.FAKE_BUILDKITE_HOST ?? '127.0.0.1';

const fake = await startFakeBuildkite({ port, host });
console.log(`fake-buildkite listening on ${fake.url}`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

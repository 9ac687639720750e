/**
 * A loopback webhook receiver for the e2e tests, with its OWN verification code (node:crypto), independent of
 * lib/webhooks: HMAC-SHA256 over `${timestamp}.${rawBody}`, compared with timingSafeEqual, 5-minute window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** What this receiver concluded. */
  verdict: 'signature-valid' | 'signature-invalid' | 'token-valid' | 'token-invalid' | 'no-auth';
  timestamp: number | null;
}

export function independentlyVerify(
  secret: string,
  header: string,
  rawBody: string,
  now = Date.now() / 1000,
): { valid: boolean; timestamp: number | null } {
  const match = /^timestamp=(\d+),signature=([0-9a-f]{64})$/.exec(header);
  if (!match) return { valid: false, timestamp: null };
  const timestamp = Number(match[1]);
  const expected = createHmac('sha256', secret).update(`${match[1]}.${rawBody}`, 'utf8').digest();
  const given = Buffer.from(match[2]!, 'hex');
  const valid =
    given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(now - timestamp) <= 300;
  return { valid, timestamp };
}

export async function startReceiver(secret: string) {
  const received: ReceivedDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['x-buildkite-signature'];
      const token = req.headers['x-buildkite-token'];
      let verdict: ReceivedDelivery['verdict'] = 'no-auth';
      let timestamp: number | null = null;
      if (typeof signature === 'string') {
        const check = independentlyVerify(secret, signature, rawBody);
        timestamp = check.timestamp;
        verdict = check.valid ? 'signature-valid' : 'signature-invalid';
      } else if (typeof token === 'string') {
        const a = Buffer.from(token);
        const b = Buffer.from(secret);
        verdict = a.length === b.length && timingSafeEqual(a, b) ? 'token-valid' : 'token-invalid';
      }
      received.push({ headers: req.headers, rawBody, verdict, timestamp });
      if (req.url === '/moved') return void res.writeHead(301, { Location: '/buildkite' }).end();
      const ok = verdict === 'signature-valid' || verdict === 'token-valid';
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json', 'X-Receiver': 'kitedeck-e2e' });
      res.end(
        JSON.stringify(ok ? { received: true, event: req.headers['x-buildkite-event'] ?? null } : { error: verdict }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/buildkite`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '@/lib/format/time';
import { describeCountdown, type HealthCheck, type TokenHealthReport } from '@/lib/token/report';

const ICONS: Record<HealthCheck['status'], string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };
const STATUS_WORDS: Record<HealthCheck['status'], string> = {
  pass: 'OK',
  warn: 'Warning',
  fail: 'Problem',
  skip: 'Skipped',
};

function formatDate(ms: number | null): string {
  return ms === null ? '—' : formatDateTime(ms);
}

/** A live countdown to expiry (minute resolution). */
function Countdown({ expiresAt }: { expiresAt: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const text = describeCountdown(expiresAt, now);
  return <span data-testid="kd-expiry">{text === 'expired' ? 'expired' : `in ${text}`}</span>;
}

/** The checklist of plain-language verdicts, the token's facts, and what each feature can do with it. */
export function TokenHealthView({ report }: { report: TokenHealthReport }) {
  const { token } = report;
  return (
    <>
      <ul class="kd-checks" aria-label="Token checks">
        {report.checks.map((check) => (
          <li class="kd-check" data-status={check.status} data-check={check.id} key={check.id}>
            <span class="kd-icon" aria-hidden="true">
              {ICONS[check.status]}
            </span>
            <span>
              <strong>
                <span class="kd-visually-hidden">{STATUS_WORDS[check.status]}: </span>
                {check.title}
              </strong>
              <br />
              <span class="kd-muted">{check.detail}</span>
            </span>
          </li>
        ))}
      </ul>
      {token && (
        <section aria-label="Token details">
          <h2>Token</h2>
          <dl class="kd-facts">
            <dt>Description</dt>
            <dd>{token.description ?? '—'}</dd>
            <dt>Owner</dt>
            <dd data-testid="kd-owner">
              {token.owner.name ?? '—'}
              {token.owner.email ? ` <${token.owner.email}>` : ''}
            </dd>
            <dt>Created</dt>
            <dd>{formatDate(token.createdAt)}</dd>
            <dt>Expires</dt>
            <dd>{token.expiresAt === null ? 'never' : <Countdown expiresAt={token.expiresAt} />}</dd>
            <dt>Scopes</dt>
            <dd>
              <ul class="kd-scopes" aria-label="Scopes">
                {token.scopes.map((scope) => (
                  <li key={scope}>{scope}</li>
                ))}
              </ul>
            </dd>
          </dl>
        </section>
      )}
      {token && (
        <section aria-label="What Kitedeck can do">
          <h2>What Kitedeck can do with this token</h2>
          <ul class="kd-features">
            {report.features.map((feature) => (
              <li class="kd-feature" data-feature={feature.id} data-allowed={String(feature.allowed)} key={feature.id}>
                <span>{feature.name}</span>
                <span class="kd-feature-state">
                  {feature.allowed
                    ? feature.degraded.length
                      ? `Yes (better with ${feature.degraded.map((item) => item.scope).join(', ')})`
                      : 'Yes'
                    : `Off: needs ${feature.missing.join(', ')}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

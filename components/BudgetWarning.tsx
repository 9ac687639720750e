import { useEffect, useState } from 'preact/hooks';
import type { BudgetView } from '@/lib/buildkite/rate-limit';
import { messenger } from '@/lib/messenger';

/**
 * The organisations whose API budget is under 25 % (from the `RateLimit-*` headers of Kitedeck's last answers):
 * nothing when every budget is fine or unknown. The budget is shared by every token and CI script of the org.
 */
export function BudgetWarning() {
  const [low, setLow] = useState<BudgetView[]>([]);
  useEffect(() => {
    void messenger.sendMessage('getLowBudgets', undefined).then((reply) => {
      if (reply.ok) setLow(reply.value);
    });
  }, []);
  if (low.length === 0) return null;
  return (
    <section class="kd-warning" aria-label="API budget" data-kd="budget">
      {low.map((budget) => (
        <p key={`${budget.org}/${budget.scope}`}>
          Low API budget for {budget.org === '*' ? 'your organisations' : budget.org}: {budget.remaining} of{' '}
          {budget.limit} {budget.scope === 'rest' ? 'REST requests' : 'GraphQL points'} left (
          {Math.round(budget.share * 100)} %)
          {budget.resetAt ? `, resets in ${Math.max(1, Math.round((budget.resetAt - Date.now()) / 1000))} s` : ''}.
        </p>
      ))}
    </section>
  );
}

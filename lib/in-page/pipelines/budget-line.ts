import type { MessageReply } from '../../messaging';

type BudgetView = Extract<MessageReply<'getLowBudgets'>, { ok: true }>['value'][number];

/** The panel's warning when an organisation's API budget is low (the lowest first), or null. */
export function budgetLine(budgets: readonly BudgetView[]): string | null {
  const low = budgets[0];
  if (!low) return null;
  const reset = low.resetAt ? ` It resets in ${Math.max(1, Math.round((low.resetAt - Date.now()) / 1000))} s.` : '';
  return `Low API budget for ${low.org === '*' ? 'your organisations' : low.org}: ${low.remaining} of ${low.limit} ${low.scope === 'rest' ? 'REST requests' : 'GraphQL points'} left (${Math.round(low.share * 100)} %).${reset}`;
}

import { storage } from '#imports';
import type { TokenHealthReport } from './report';

/**
 * The last token health report (never holding the token): written by the health check (service.ts), read by the
 * badge, the write guard, build capabilities and the watch poller. Its own file so readers don't import the
 * service (and the badge doesn't form a cycle with it).
 */
export const healthReportItem = storage.defineItem<TokenHealthReport | null>('local:tokenHealth', { fallback: null });

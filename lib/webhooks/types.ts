/**
 * What the Webhook lab's background replies carry. None of these ever holds a secret: endpoints carry a masked
 * hint (`••••3f9a`), deliveries carry their request headers with the token and the signature masked.
 */
import type { KdError } from '../errors';
import type { DeliverySnapshot } from './compare';

export type AuthMode = 'token' | 'signature';

export interface EndpointView {
  id: string;
  name: string;
  url: string;
  authMode: AuthMode;
  /** `••••` and the secret's last 4 characters (only when it is long enough for that to reveal little). */
  secretHint: string;
}

export interface DeliveryView extends DeliverySnapshot {
  id: string;
  event: string;
  endpointId: string | null;
  endpointName: string | null;
  authMode: AuthMode;
  secretHint: string;
  /** The failure when no response came back (refused, DNS, TLS, timeout...), in the shared vocabulary. */
  failure: KdError | null;
  /** Set on a replay: which delivery it repeats and how. */
  replayOf: { id: string; mode: ReplayMode } | null;
  /** True when the response body was longer than the cap and was cut. */
  truncated: boolean;
  /** Response body size in bytes as received (up to the cap). */
  responseBytes: number | null;
}

/** `as-sent`: same body, same timestamp and signature. `fresh`: same body, new timestamp and signature. */
export type ReplayMode = 'as-sent' | 'fresh';

export interface TriggerResult {
  status: number;
  /** The delivery id Buildkite answered with (201), when it did. */
  deliveryId: string | null;
  /** Buildkite's message on a 400/403/404. */
  message: string | null;
  durationMs: number;
}

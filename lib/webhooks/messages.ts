import * as v from 'valibot';
import { message, NoInput } from '../message-spec';
import type { JsonObject } from './events';
import type { DeliveryView, EndpointView, TriggerResult } from './types';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/));
const Url = v.pipe(v.string(), v.maxLength(2048));
const Secret = v.pipe(v.string(), v.minLength(1), v.maxLength(512));
const AuthModeSchema = v.picklist(['token', 'signature']);
const EventName = v.pipe(v.string(), v.regex(/^[a-z_]+(\.[a-z_]+)?$/), v.maxLength(64));
/** Buildkite caps trigger payloads at 5 MB; webhooks the lab sends are kept well under it. */
const Body = v.pipe(v.string(), v.maxLength(1_000_000));
const Slug = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/));

/** A saved endpoint (by id, its stored secret is used) or a one-off URL with a secret typed in the lab. */
const Target = v.union([
  v.strictObject({ endpointId: Id }),
  v.strictObject({ url: Url, authMode: AuthModeSchema, secret: Secret }),
]);

/** Webhook lab: send, sign, replay, verify (issue: webhook lab). Every message is extension-page only. */
export const webhookMessages = {
  listWebhookEndpoints: message<EndpointView[]>()('extension-page', NoInput),
  /** Creates (no id) or edits an endpoint; on edit, an omitted secret keeps the stored one. */
  saveWebhookEndpoint: message<EndpointView>()(
    'extension-page',
    v.strictObject({
      id: v.optional(Id),
      name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give the endpoint a name.'), v.maxLength(80)),
      url: Url,
      authMode: AuthModeSchema,
      secret: v.optional(Secret),
    }),
  ),
  deleteWebhookEndpoint: message<EndpointView[]>()('extension-page', v.strictObject({ id: Id })),
  sendWebhook: message<DeliveryView>()(
    'extension-page',
    v.strictObject({
      target: Target,
      event: EventName,
      body: Body,
      timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(60_000))),
    }),
  ),
  replayDelivery: message<DeliveryView>()(
    'extension-page',
    v.strictObject({ id: Id, mode: v.picklist(['as-sent', 'fresh']) }),
  ),
  listDeliveries: message<DeliveryView[]>()('extension-page', NoInput),
  clearDeliveries: message<DeliveryView[]>()('extension-page', NoInput),
  /** The delivery as a curl command; `reveal` puts the real token/signature in it (asked for explicitly). */
  deliveryCurl: message<string>()('extension-page', v.strictObject({ id: Id, reveal: v.boolean() })),
  /** `GET /v2/organizations/{org}/pipelines/{p}/builds/{n}` for filling a template ("use build 123"). */
  getBuildForTemplate: message<{ build: JsonObject; job: JsonObject | null }>()(
    'extension-page',
    v.strictObject({
      org: Slug,
      pipeline: Slug,
      number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1)),
    }),
  ),
  /**
   * POSTs a JSON body to a pipeline trigger URL: that creates a build, a write to Buildkite, so read-only mode
   * refuses it (the URL carries its own token: no scope to check). Webhook sends go to the user's own endpoints,
   * not to Buildkite: read-only mode doesn't stop them.
   */
  sendPipelineTrigger: message<TriggerResult>()('extension-page', v.strictObject({ url: Url, body: Body }), {
    writes: 'no-token-scope',
  }),
};

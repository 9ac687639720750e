import { ErrorMessage } from '@/components/ErrorMessage';
import { parseJsonObject } from '@/lib/console/json-input';
import { parsePortalUrl } from '@/lib/console/portal';
import { CopyCurl } from './CopyCurl';
import { runOnCtrlEnter } from './GraphQLTab';
import { withPortalPermission } from './portal-permission';
import { ResponseView } from './ResponseView';
import { useConsole } from './store';

const DENIED = 'Kitedeck was not allowed to reach portal.buildkite.com, so nothing was sent.';

export function PortalTab() {
  const { portal, editPortal, runPortal, savePortalToken, forgetPortalToken } = useConsole();
  const parsed = portal.url.trim() ? parsePortalUrl(portal.url) : null;
  const stored = parsed?.ok ? portal.hints.find((hint) => hint.portal === parsed.portal.key) : undefined;
  const liveVariables = parseJsonObject(portal.variables);
  const run = () =>
    withPortalPermission(runPortal, () =>
      useConsole.setState({ portal: { ...useConsole.getState().portal, inputError: DENIED } }),
    );
  return (
    <div class="kd-panel">
      <p class="kd-muted">
        A portal runs a GraphQL operation an organisation admin saved, with its own portal token (bkpat_…). Your API
        token is never sent to a portal.
      </p>
      <label class="kd-field">
        Portal URL
        <input
          type="url"
          class="kd-code"
          spellcheck={false}
          value={portal.url}
          placeholder="https://portal.buildkite.com/organizations/my-org/portals/my-portal"
          onInput={(event) => editPortal({ url: event.currentTarget.value })}
        />
        <span class="kd-error">{parsed && !parsed.ok ? parsed.message : ''}</span>
      </label>
      <section aria-label="Portal token" class="kd-row">
        {stored ? (
          <>
            <span data-testid="kd-portal-token-hint">
              Portal token saved for {stored.portal}: <code>{stored.hint}</code>
            </span>
            <button type="button" onClick={() => void forgetPortalToken()}>
              Forget portal token
            </button>
          </>
        ) : (
          <>
            <label class="kd-field">
              Portal token (bkpat_…)
              <input
                type="password"
                autocomplete="off"
                spellcheck={false}
                value={portal.tokenInput}
                onInput={(event) => editPortal({ tokenInput: event.currentTarget.value })}
              />
            </label>
            <button type="button" onClick={() => void savePortalToken()}>
              Save portal token
            </button>
          </>
        )}
        <span class="kd-error" role="alert">
          {portal.tokenError ?? ''}
        </span>
      </section>
      <div class="kd-editors">
        <label class="kd-field">
          Variables (JSON)
          <textarea
            class="kd-code"
            spellcheck={false}
            value={portal.variables}
            onInput={(event) => editPortal({ variables: event.currentTarget.value })}
            onKeyDown={runOnCtrlEnter(run)}
            aria-invalid={!liveVariables.ok}
          />
          <span class="kd-error">{liveVariables.ok ? '' : liveVariables.message}</span>
        </label>
        <label class="kd-field">
          Operation name (when the portal has several)
          <input
            type="text"
            class="kd-code"
            value={portal.operationName}
            onInput={(event) => editPortal({ operationName: event.currentTarget.value })}
          />
        </label>
      </div>
      <div class="kd-row">
        <button type="button" class="kd-primary" onClick={run} disabled={portal.running}>
          Run portal
        </button>
        <CopyCurl
          request={() => {
            const ref = parsePortalUrl(portal.url);
            const variables = parseJsonObject(portal.variables);
            if (!ref.ok || !variables.ok) return null;
            const operationName = portal.operationName.trim();
            return {
              kind: 'portal',
              portal: ref.portal,
              variables: variables.value,
              ...(operationName ? { operationName } : {}),
            };
          }}
        />
      </div>
      <p class="kd-error" role="alert">
        {portal.inputError ?? ''}
      </p>
      <div role="status" aria-live="polite" class="kd-muted">
        {portal.running ? 'Running…' : portal.response ? `Done: HTTP ${portal.response.status}.` : ''}
      </div>
      {portal.error && <ErrorMessage error={portal.error} />}
      {portal.response && <ResponseView response={portal.response} kind="portal" />}
    </div>
  );
}

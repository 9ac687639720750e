import { summarise } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { forgetStoredToken, revokeStoredToken, runTokenHealthCheck, setToken } from '@/lib/token/service';
import { hasToken, setForgetOnClose, vaultSettings } from '@/lib/token/vault';
import { afterTokenSaved } from '@/lib/watch/poller';
import { handle } from './handle';

async function vaultState() {
  const { forgetOnClose } = await vaultSettings.getValue();
  return { forgetOnClose, hasToken: await hasToken() };
}

/** Token vault and health. None of these replies ever holds the token. */
export function registerTokenHandlers(): void {
  handle('getTokenHealth', async () => healthReportItem.getValue());
  handle('checkTokenHealth', async () => runTokenHealthCheck());
  handle('setToken', async ({ token, forgetOnClose }) => {
    const report = await setToken(token, forgetOnClose);
    await afterTokenSaved(); // polling stopped by a refused token starts again
    return report;
  });
  handle('forgetToken', async () => forgetStoredToken());
  handle('revokeToken', async () => revokeStoredToken());
  handle('getVaultSettings', async () => vaultState());
  handle('setForgetOnClose', async ({ forgetOnClose }) => {
    await setForgetOnClose(forgetOnClose);
    return vaultState();
  });
  handle('getTokenStatus', async () => summarise(await healthReportItem.getValue()));
}

import { summarise } from '@/lib/token/report';
import { healthReportItem } from '@/lib/token/report-store';
import { forgetStoredToken, revokeStoredToken, runTokenHealthCheck, setToken } from '@/lib/token/service';
import { hasToken, setForgetOnClose, vaultSettings } from '@/lib/token/vault';
import { handle } from './handle';

async function vaultState() {
  const { forgetOnClose } = await vaultSettings.getValue();
  return { forgetOnClose, hasToken: await hasToken() };
}

/** Token vault and health. None of these replies ever holds the token. */
export function registerTokenHandlers(): void {
  handle('getTokenHealth', async () => healthReportItem.getValue());
  handle('checkTokenHealth', async () => runTokenHealthCheck());
  handle('setToken', async ({ token, forgetOnClose }) => setToken(token, forgetOnClose));
  handle('forgetToken', async () => forgetStoredToken());
  handle('revokeToken', async () => revokeStoredToken());
  handle('getVaultSettings', async () => vaultState());
  handle('setForgetOnClose', async ({ forgetOnClose }) => {
    await setForgetOnClose(forgetOnClose);
    return vaultState();
  });
  handle('getTokenStatus', async () => summarise(await healthReportItem.getValue()));
}

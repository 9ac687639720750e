import { refreshBadge } from '@/lib/badge';
import { runTokenHealthCheck, scheduleTokenHealth, TOKEN_HEALTH_ALARM } from '@/lib/token/service';
import { lockSessionStorage } from '@/lib/token/vault';
import { startVault } from '@/lib/vault/startup';
import { registerConsoleHandlers } from './console-handlers';
import { registerBuildHandlers } from './build-handlers';
import { registerPipelineHandlers } from './pipeline-handlers';
import { registerLogHandlers } from './log-handlers';
import { registerPaletteHandlers } from './palette-handlers';
import { registerPageViewHandlers } from './page-view-handlers';
import { registerSettingsHandlers } from './settings-handlers';
import { registerStoredHandlers } from './stored-handlers';
import { registerTokenHandlers } from './token-handlers';
import { registerVaultHandlers } from './vault-handlers';
import { registerWebhookHandlers } from './webhook-handlers';
import { registerWatchHandlers } from './watch-handlers';

/**
 * The background: the only code that holds the token and calls Buildkite. Listeners are registered
 * synchronously at the top of `main` so a worker woken by an event finds them; no state lives only in memory.
 */
export default defineBackground({
  main() {
    startVault();
    registerTokenHandlers();
    registerVaultHandlers();
    registerSettingsHandlers();
    registerConsoleHandlers();
    registerWebhookHandlers();
    registerWatchHandlers();
    registerBuildHandlers();
    registerPipelineHandlers();
    registerLogHandlers();
    registerPaletteHandlers();
    registerPageViewHandlers();
    registerStoredHandlers();

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === TOKEN_HEALTH_ALARM) void runTokenHealthCheck();
    });
    browser.runtime.onInstalled.addListener(({ reason }) => {
      if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
      void scheduleTokenHealth();
      void runTokenHealthCheck();
    });
    browser.runtime.onStartup.addListener(() => {
      void scheduleTokenHealth();
      void runTokenHealthCheck();
    });
    void scheduleTokenHealth();
    void lockSessionStorage();
    void refreshBadge();
  },
});

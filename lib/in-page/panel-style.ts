import TOKENS from '../../components/design/tokens.css?inline';

/**
 * The in-page UI's styles: the shared design tokens (components/design/tokens.css, `:root, :host`) and the panel's
 * rules, all from tokens (light and dark follow `prefers-color-scheme`). ONE constructed stylesheet is made on first
 * use and adopted by every Kitedeck shadow root; where a content script cannot adopt one (older Firefox), a <style>.
 */
const PANEL_CSS = `
:host{all:initial;position:fixed;bottom:var(--kd-space-4);right:var(--kd-space-4);z-index:2147483000;font:var(--kd-text-md)/var(--kd-leading) var(--kd-font);color:var(--kd-fg)}
:host([data-dock=left]){right:auto;left:var(--kd-space-4)}
:host([data-kd=notice]){top:var(--kd-space-4);bottom:auto}
.kd-notice{display:flex;flex-wrap:wrap;align-items:baseline;gap:var(--kd-space-1) var(--kd-space-2);max-width:min(360px,calc(100vw - 32px));background:var(--kd-bg);border:1px solid var(--kd-bad);border-radius:var(--kd-radius-lg);box-shadow:var(--kd-shadow);padding:var(--kd-space-2) var(--kd-space-3)}
.kd-notice p{margin:0;flex:1 1 100%;color:var(--kd-fg)}
*{box-sizing:border-box}
[hidden]{display:none!important}
.kd-builds .kd-filter{width:auto;flex:1;min-width:0}
progress{width:100%}
button{font:inherit;color:var(--kd-fg);cursor:pointer;border:1px solid var(--kd-line);background:var(--kd-surface);border-radius:var(--kd-radius);padding:2px var(--kd-space-2);min-height:24px}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:none;box-shadow:var(--kd-focus)}
button:disabled{opacity:.6;cursor:default}
button.kd-primary{background:var(--kd-accent);border-color:var(--kd-accent);color:var(--kd-accent-fg)}
button.kd-danger{border-color:var(--kd-bad);color:var(--kd-bad)}
a{color:var(--kd-accent)}
.kd-dock{display:flex;align-items:center;gap:var(--kd-space-1);background:var(--kd-bg);border:1px solid var(--kd-line);border-radius:var(--kd-radius-lg);box-shadow:var(--kd-shadow);padding:var(--kd-space-1);max-width:220px;max-height:48px}
.kd-launcher{display:flex;align-items:center;gap:6px;border:0;background:transparent;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding:4px 6px}
.kd-launcher b{font-weight:700}
.kd-dot{width:8px;height:8px;border-radius:50%;flex:none;background:var(--kd-state-scheduled)}
.kd-chip{display:inline-flex;align-items:center;gap:4px;font-size:var(--kd-text-xs);font-weight:600;line-height:18px;padding:0 6px;border-radius:999px;white-space:nowrap;color:var(--kd-state-scheduled);background:var(--kd-state-scheduled-bg)}
.kd-chip::before{content:'';width:6px;height:6px;border-radius:50%;background:currentColor}
.kd-chip.kd-plain::before{display:none}
[data-state=passed]{--s:var(--kd-state-passed);--sb:var(--kd-state-passed-bg)}
[data-state=failed],[data-state=broken],[data-state=timed_out],[data-state=expired]{--s:var(--kd-state-failed);--sb:var(--kd-state-failed-bg)}
[data-state=failing]{--s:var(--kd-state-failing);--sb:var(--kd-state-failing-bg)}
[data-state=running],[data-state=canceling],[data-state=assigned],[data-state=accepted]{--s:var(--kd-state-running);--sb:var(--kd-state-running-bg)}
[data-state=blocked]{--s:var(--kd-state-blocked);--sb:var(--kd-state-blocked-bg)}
[data-state=canceled]{--s:var(--kd-state-canceled);--sb:var(--kd-state-canceled-bg)}
[data-state=skipped],[data-state=not_run]{--s:var(--kd-state-skipped);--sb:var(--kd-state-skipped-bg)}
.kd-chip[data-state]{color:var(--s,var(--kd-state-scheduled));background:var(--sb,var(--kd-state-scheduled-bg))}
.kd-dot[data-state]{background:var(--s,var(--kd-state-scheduled))}
.kd-panel{width:min(340px,calc(100vw - 32px));max-height:min(70vh,560px);overflow:auto;background:var(--kd-bg);border:1px solid var(--kd-line);border-radius:var(--kd-radius-lg);box-shadow:var(--kd-shadow)}
.kd-head{display:flex;align-items:center;gap:var(--kd-space-2);padding:var(--kd-space-2) var(--kd-space-3);border-bottom:1px solid var(--kd-line);position:sticky;top:0;background:var(--kd-bg)}
.kd-head h2{font-size:var(--kd-text-md);margin:0;flex:1;display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.kd-body{padding:var(--kd-space-2) var(--kd-space-3);display:flex;flex-wrap:wrap;align-items:center;gap:var(--kd-space-2)}.kd-body>*{flex:1 1 100%;min-width:0}.kd-body>.kd-buttons{flex:0 1 auto}.kd-body p{margin:0}
.kd-status{margin:0;color:var(--kd-warn)}
.kd-status[data-verdict=invalid],.kd-status[data-verdict=expired],.kd-status[data-verdict=error]{color:var(--kd-bad)}
.kd-section{display:grid;gap:6px;border-top:1px solid var(--kd-line);padding-top:var(--kd-space-2)}
.kd-section:first-child,.kd-status[hidden]+.kd-section{border-top:0;padding-top:0}
.kd-section h3{font-size:var(--kd-text-sm);margin:0;color:var(--kd-muted);font-weight:600}
.kd-buttons{display:flex;flex-wrap:wrap;gap:var(--kd-space-1)}
.kd-reason,.kd-hint{color:var(--kd-muted);font-size:var(--kd-text-sm);margin:0}
.kd-feedback{font-size:var(--kd-text-sm)}
.kd-feedback:empty{display:none}
.kd-float{display:block;background:var(--kd-bg);border:1px solid var(--kd-line);border-radius:var(--kd-radius);box-shadow:var(--kd-shadow);padding:4px 8px;margin-bottom:4px;max-width:220px}
.kd-feedback[data-state=error]{color:var(--kd-bad)}
.kd-feedback[data-state=success]{color:var(--kd-ok)}
.kd-jobs{list-style:none;margin:0;padding:0;display:grid;gap:2px}
.kd-jobs li{display:flex;gap:6px;align-items:center}
.kd-job-label{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
dialog{font:var(--kd-text-md)/var(--kd-leading) var(--kd-font);color:var(--kd-fg);background:var(--kd-bg);border:1px solid var(--kd-line);border-radius:var(--kd-radius-lg);padding:var(--kd-space-3) var(--kd-space-4);width:min(460px,92vw);max-height:80vh;overflow:auto}
dialog::backdrop{background:rgb(0 0 0/.35)}
dialog h2{font-size:var(--kd-text-lg);margin:0 0 var(--kd-space-2)}
dialog ul{margin:4px 0;padding-left:18px}
.kd-field{display:grid;gap:3px;margin:6px 0}
.kd-field label,.kd-field legend{font-weight:600}
input,select,textarea{font:inherit;color:var(--kd-fg);background:var(--kd-bg)}
.kd-field input[type=text],.kd-field textarea,.kd-field select,.kd-filter{padding:4px 6px;border:1px solid var(--kd-line);border-radius:var(--kd-radius);width:100%}
.kd-invalid{color:var(--kd-bad);font-size:var(--kd-text-sm);margin:0}
.kd-warning{border:1px solid var(--kd-warn);color:var(--kd-warn);border-radius:var(--kd-radius);padding:6px 8px}
.kd-dialog-actions{display:flex;gap:6px;justify-content:flex-end;margin-top:10px}
.kd-kv{display:grid;grid-template-columns:1fr 1fr auto;gap:4px}
.kd-shortcuts{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
.kd-shortcuts dd{margin:0}
kbd{font-family:var(--kd-font-mono);border:1px solid var(--kd-line);border-radius:var(--kd-radius-sm);padding:0 4px}
fieldset{border:1px solid var(--kd-line);border-radius:var(--kd-radius);margin:6px 0}
@media (max-width:600px){
:host([data-expanded]){left:0;right:0;bottom:0}
:host([data-expanded]) .kd-panel{width:100%;max-height:60vh;border-radius:var(--kd-radius-lg) var(--kd-radius-lg) 0 0;border-bottom:0}
}
@media (prefers-reduced-motion:no-preference){.kd-panel{animation:kd-in .12s ease-out}@keyframes kd-in{from{opacity:0;transform:translateY(6px)}}}
`;

const CSS = TOKENS.replace(/\/\*[\s\S]*?\*\//g, '') + PANEL_CSS;
let shared: CSSStyleSheet | null | undefined;

/** Styles a Kitedeck shadow root: the one shared constructed stylesheet, or a <style> where that can't be used. */
export function adoptStyles(root: ShadowRoot): void {
  if (shared === undefined) {
    try {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    } catch {
      shared = null;
    }
  }
  if (shared) {
    try {
      root.adoptedStyleSheets = [shared];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      // Firefox content scripts: a sheet made in the content script's compartment may be refused.
    }
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.prepend(style);
}

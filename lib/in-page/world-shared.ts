/**
 * State that the on-demand UI script (entrypoints/buildkite-ui.content) must share with the content script that
 * loaded it. Both run in the extension's isolated world of the same frame, so they see the same `globalThis` (the
 * page's scripts do not), but each bundle has its own copy of every module: a module-level variable is two
 * variables. What must be one (element ids, the panel's stylesheet, the loaded UI) is kept here, under a
 * `Symbol.for` key.
 */
export function worldShared<T extends object>(name: string, create: () => T): T {
  const key = Symbol.for(`kitedeck.${name}`);
  const world = globalThis as unknown as Record<symbol, T | undefined>;
  return (world[key] ??= create());
}

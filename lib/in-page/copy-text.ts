import type { BuildView } from '../builds/model';

/**
 * What the copy helpers put on the clipboard. Pure. The curl command shows the token as the shell variable
 * `$BUILDKITE_API_TOKEN`, never its value (the content script never has the token anyway).
 */
export interface CopyItem {
  id: string;
  label: string;
  text: string;
}

export function restBuildUrl(build: Pick<BuildView, 'org' | 'pipeline' | 'number'>): string {
  const e = encodeURIComponent;
  return `https://api.buildkite.com/v2/organizations/${e(build.org)}/pipelines/${e(build.pipeline.slug)}/builds/${build.number}`;
}

export function curlCommand(build: Pick<BuildView, 'org' | 'pipeline' | 'number'>): string {
  return `curl -H "Authorization: Bearer $BUILDKITE_API_TOKEN" ${restBuildUrl(build)}`;
}

/** The Buildkite CLI: `bk build view <number> -p <org>/<pipeline>` (docs: platform/cli/reference/build). */
export function bkCommand(build: Pick<BuildView, 'org' | 'pipeline' | 'number'>): string {
  return `bk build view ${build.number} -p ${build.org}/${build.pipeline.slug}`;
}

export function copyItems(build: BuildView): CopyItem[] {
  const items: (CopyItem | null)[] = [
    { id: 'url', label: 'Copy build URL', text: build.webUrl },
    { id: 'number', label: 'Copy build number', text: String(build.number) },
    { id: 'uuid', label: 'Copy build UUID', text: build.id },
    build.graphqlId ? { id: 'graphql-id', label: 'Copy GraphQL id', text: build.graphqlId } : null,
    build.commit ? { id: 'commit', label: 'Copy commit SHA', text: build.commit } : null,
    { id: 'curl', label: 'Copy as curl', text: curlCommand(build) },
    { id: 'bk', label: 'Copy as bk command', text: bkCommand(build) },
  ];
  return items.filter((item): item is CopyItem => item !== null);
}

/** navigator.clipboard, falling back to a selected textarea + execCommand where the page denies it. */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;opacity:0;left:-9999px';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

// ListObjects(V2) and ListObjectVersions: prefix, delimiter, markers and paging over sorted keys.
import type { Bucket, ObjectVersion } from './types.js';
import { latestOf } from './types.js';

export interface ListPage<T> {
  items: T[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  last?: string;
  lastVersionId?: string;
}

/** The common prefix a key rolls up into under `delimiter`, or undefined. */
function rollUp(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

function sortedKeys(bucket: Bucket, prefix: string): string[] {
  return [...bucket.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
}

/** Whether a key is at or before `after`, or inside a common prefix already returned. */
function alreadyListed(key: string, after: string | undefined, delimiter: string | undefined): boolean {
  if (after === undefined) return false;
  if (key <= after) return true;
  return !!delimiter && after.endsWith(delimiter) && key.startsWith(after);
}

/** Current objects (latest version not a delete marker) after `after`, up to `maxKeys` entries. */
export function listCurrent(bucket: Bucket, prefix: string, delimiter: string | undefined, after: string | undefined, maxKeys: number): ListPage<ObjectVersion> {
  const page: ListPage<ObjectVersion> = { items: [], commonPrefixes: [], truncated: false };
  for (const key of sortedKeys(bucket, prefix)) {
    const latest = latestOf(bucket.objects.get(key));
    if (!latest || latest.deleteMarker || alreadyListed(key, after, delimiter)) continue;
    const common = rollUp(key, prefix, delimiter);
    if (common !== undefined && common === page.commonPrefixes[page.commonPrefixes.length - 1]) continue;
    if (page.items.length + page.commonPrefixes.length >= maxKeys) {
      page.truncated = true;
      break;
    }
    if (common !== undefined) {
      page.commonPrefixes.push(common);
      page.last = common;
    } else {
      page.items.push(latest);
      page.last = key;
    }
  }
  return page;
}

/** All versions and delete markers, keys ascending and newest first within a key. */
export function listVersions(
  bucket: Bucket,
  prefix: string,
  delimiter: string | undefined,
  keyMarker: string | undefined,
  versionIdMarker: string | undefined,
  maxKeys: number,
): ListPage<ObjectVersion> {
  const page: ListPage<ObjectVersion> = { items: [], commonPrefixes: [], truncated: false };
  for (const key of sortedKeys(bucket, prefix)) {
    if (keyMarker !== undefined && (key < keyMarker || (key === keyMarker && !versionIdMarker))) continue;
    if (keyMarker !== undefined && delimiter && keyMarker.endsWith(delimiter) && key.startsWith(keyMarker)) continue;
    const common = rollUp(key, prefix, delimiter);
    if (common !== undefined) {
      if (common === page.commonPrefixes[page.commonPrefixes.length - 1]) continue;
      if (page.items.length + page.commonPrefixes.length >= maxKeys) {
        page.truncated = true;
        break;
      }
      page.commonPrefixes.push(common);
      page.last = common;
      page.lastVersionId = undefined;
      continue;
    }
    let versions = [...(bucket.objects.get(key) ?? [])].reverse();
    if (key === keyMarker && versionIdMarker) {
      const at = versions.findIndex((v) => v.versionId === versionIdMarker);
      versions = at < 0 ? [] : versions.slice(at + 1);
    }
    for (const version of versions) {
      if (page.items.length + page.commonPrefixes.length >= maxKeys) {
        page.truncated = true;
        return page;
      }
      page.items.push(version);
      page.last = key;
      page.lastVersionId = version.versionId;
    }
  }
  return page;
}

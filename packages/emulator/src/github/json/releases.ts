import type { AssetRecord, ReleaseRecord } from '../state/records';
import { downloadSlug } from '../state/releases';
import { nodeId, repoApiUrl, repoWebUrl, type Site } from './site';
import { simpleUser } from './users';

/** Where a release asset's bytes are served: the emulator's stand-in for github.com/…/releases/download. */
export function browserDownloadUrl(site: Site, release: ReleaseRecord, asset: AssetRecord): string {
  return `${site.api}/${site.owner}/${site.repo}/releases/download/${encodeURIComponent(downloadSlug(release))}/${encodeURIComponent(asset.name)}`;
}

export function assetJson(site: Site, release: ReleaseRecord, asset: AssetRecord) {
  return {
    url: `${repoApiUrl(site)}/releases/assets/${asset.id}`,
    id: asset.id,
    node_id: nodeId('ReleaseAsset', asset.id),
    name: asset.name,
    label: asset.label,
    uploader: simpleUser(site, asset.uploader),
    content_type: asset.content_type,
    state: 'uploaded',
    size: asset.data.length,
    digest: asset.digest,
    download_count: asset.download_count,
    created_at: asset.created_at,
    updated_at: asset.updated_at,
    browser_download_url: browserDownloadUrl(site, release, asset),
  };
}

export function releaseJson(site: Site, release: ReleaseRecord) {
  const api = `${repoApiUrl(site)}/releases/${release.id}`;
  const tag = encodeURIComponent(release.tag_name);
  return {
    url: api,
    assets_url: `${api}/assets`,
    upload_url: `${site.uploads}/repos/${site.owner}/${site.repo}/releases/${release.id}/assets{?name,label}`,
    html_url: `${repoWebUrl(site)}/releases/tag/${encodeURIComponent(downloadSlug(release))}`,
    id: release.id,
    author: simpleUser(site, release.author),
    node_id: nodeId('Release', release.id),
    tag_name: release.tag_name,
    target_commitish: release.target_commitish,
    name: release.name,
    draft: release.draft,
    immutable: false,
    prerelease: release.prerelease,
    created_at: release.created_at,
    updated_at: release.updated_at,
    published_at: release.published_at,
    assets: release.assets.map((a) => assetJson(site, release, a)),
    tarball_url: release.draft ? null : `${repoApiUrl(site)}/tarball/${tag}`,
    zipball_url: release.draft ? null : `${repoApiUrl(site)}/zipball/${tag}`,
    body: release.body,
  };
}

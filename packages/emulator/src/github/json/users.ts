import type { UserRecord } from '../state/records';
import { nodeId, type Site } from './site';

/** `simple-user`: how a user appears inside other objects. */
export function simpleUser(site: Site, user: UserRecord) {
  const api = `${site.api}/users/${encodeURIComponent(user.login)}`;
  const isBot = user.type === 'Bot';
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: isBot
      ? `https://avatars.githubusercontent.com/in/15368?v=4`
      : `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    // Bots' pages are their apps' pages.
    html_url: isBot ? `${site.web}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${site.web}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `private-user`: what `GET /user` returns to the user a token belongs to. */
export function privateUser(site: Site, user: UserRecord) {
  return {
    ...simpleUser(site, user),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.created_at,
    updated_at: user.created_at,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

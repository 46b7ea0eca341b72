import { randomBytes } from 'node:crypto';
import type { UserRecord } from './state/records';
import type { Store } from './state/store';
import type { Permissions } from './scopes';
import type { Permission, TokenIdentity } from './types';

/** Who a request acts as. `installation` is how GitHub sees GITHUB_TOKEN and App tokens. */
export interface Identity {
  token: string;
  user: UserRecord;
  permission: Permission;
  kind: 'installation' | 'user';
  scopes?: Permissions;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class TokenRegistry {
  private readonly tokens = new Map<string, Identity>();

  constructor(private readonly store: Store) {}

  /** Tokens look like GitHub's: `ghs_…` for installations (bots), `ghp_…` for personal tokens. */
  issue(identity: TokenIdentity): string {
    const user = this.store.ensureUser(identity.login, identity.type ?? 'User');
    // A known login keeps its type: github-actions[bot] is a bot whatever the caller says.
    const kind = user.type === 'Bot' ? 'installation' : 'user';
    const bytes = randomBytes(36);
    const token = `${kind === 'installation' ? 'ghs' : 'ghp'}_${[...bytes].map((b) => BASE62[b % 62]).join('')}`;
    this.tokens.set(token, {
      token,
      user,
      permission: identity.permissions ?? 'write',
      kind,
      ...(identity.scopes ? { scopes: identity.scopes } : {}),
    });
    return token;
  }

  lookup(token: string): Identity | undefined {
    return this.tokens.get(token);
  }
}

/** `Authorization: token X` and `Authorization: Bearer X` are both accepted, as on GitHub. */
export function parseAuthorization(header: string | undefined): string | undefined {
  const match = /^\s*(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

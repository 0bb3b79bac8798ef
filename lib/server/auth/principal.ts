import 'server-only';

export type Role = 'viewer' | 'operator' | 'admin';

export const roleRank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export interface Principal {
  name: string;
  role: Role;
  /** How the principal was established, for the audit log. */
  via: 'session' | 'token' | 'anonymous-loopback';
  /** Session id (cookie sessions), so sign-out can revoke it. */
  sessionId?: string;
}

export function atLeast(p: Principal, role: Role): boolean {
  return roleRank[p.role] >= roleRank[role];
}

import { z } from 'zod';

export const roleName = z.enum(['viewer', 'operator', 'admin']);
export type RoleName = z.infer<typeof roleName>;

/** Sign in with a user name and password, or with a token (bearer, or the first-start admin token). */
export const signInInput = z.union([
  z.object({ username: z.string().trim().min(1, 'enter your user name').max(100), password: z.string().min(1, 'enter your password').max(1000) }).strict(),
  z.object({ token: z.string().trim().min(1, 'paste the token').max(1000) }).strict(),
]);
export type SignInInput = z.infer<typeof signInInput>;

export const principalView = z.object({ name: z.string(), role: roleName, via: z.enum(['session', 'token', 'anonymous-loopback']) });
export type PrincipalView = z.infer<typeof principalView>;

export const meResponse = z.object({
  authEnabled: z.boolean(),
  principal: principalView.nullable(),
  sso: z.object({ label: z.string() }).nullable(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const tokenName = z.string().trim().min(1, 'name the token').max(100).regex(/^[A-Za-z0-9._@+ -]+$/, 'letters, digits, spaces and . _ @ + - only');

export const createTokenInput = z
  .object({
    name: tokenName,
    role: roleName,
    /** Days until the token stops working; omitted means it never expires. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const apiTokenSummary = z.object({
  id: z.number(),
  name: z.string(),
  role: roleName,
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenSummary = z.infer<typeof apiTokenSummary>;

export const apiTokenList = z.object({ tokens: z.array(apiTokenSummary) });
/** The token itself is shown once, on creation. */
export const createdToken = z.object({ token: z.string(), summary: apiTokenSummary });

export const tokenIdParam = z.coerce.number().int().min(1).max(2_147_483_647);
export const revokedToken = z.object({ revoked: apiTokenSummary });

/**
 * Single sign-on failures: a browser is sent back to /login?sso_error=CODE and the page says
 * this (a fixed text per code, so the address bar cannot put words on the page). API callers
 * get the same code with a more detailed message as JSON.
 */
export const SSO_ERROR_MESSAGES: Record<string, string> = {
  OIDC_UNAVAILABLE: 'The identity provider cannot be reached right now, so single sign-on is not available. Try again later, or sign in with a user name or token.',
  OIDC_DENIED: 'The identity provider did not sign you in (the sign-in was cancelled or refused there).',
  OIDC_REJECTED: 'The answer from the identity provider failed verification, so no session was opened. Start single sign-on again.',
  OIDC_FLOW_EXPIRED: 'The single sign-on attempt expired or was started in another browser. Start it again.',
  OIDC_NO_ROLE: 'You signed in at the identity provider, but none of your groups is given a role on this console. Ask an administrator for access.',
  NOT_FOUND: 'Single sign-on is not configured on this console.',
};

export function ssoErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return SSO_ERROR_MESSAGES[code] ?? 'Single sign-on failed. Start it again, or sign in with a user name or token.';
}

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

/** The caller's open live streams (SSE) against their limit: a browser shares one across its tabs. */
export const streamSlotsResponse = z.object({ open: z.number().int().min(0), max: z.number().int().min(0) });
export type StreamSlotsResponse = z.infer<typeof streamSlotsResponse>;

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

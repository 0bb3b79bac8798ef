import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import type { KoaContextLike } from 'oidc-provider';

/**
 * A real OpenID Provider (panva's oidc-provider) on loopback, for the single sign-on journeys:
 * one confidential client (the console under test), a few accounts whose groups map to
 * Riffle's roles, PKCE required, its own minimal sign-in page (user name and password, and a
 * Cancel link that answers access_denied), and consent skipped as for a first-party app.
 *
 * `tamperIdToken` rewrites the ID token in the next token responses (for the forged-token test).
 */
export interface TestAccount {
  password: string;
  email: string;
  groups: string[];
  /** Groups only from UserInfo, not in the ID token (as with many providers). */
  groupsInUserInfoOnly?: boolean;
}

export const ACCOUNTS = {
  ada: { password: 'ada-sso-password', email: 'ada@example.test', groups: ['kafka-admins', 'engineering'] },
  otto: { password: 'otto-sso-password', email: 'otto@example.test', groups: ['kafka-operators'], groupsInUserInfoOnly: true },
  vera: { password: 'vera-sso-password', email: 'vera@example.test', groups: ['engineering'] },
  nina: { password: 'nina-sso-password', email: 'nina@example.test', groups: ['marketing'] },
} satisfies Record<string, TestAccount>;
export type AccountName = keyof typeof ACCOUNTS;

export const CLIENT = { id: 'riffle-e2e', secret: 'riffle-e2e-client-secret-not-for-production' };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<main><h1>Test identity provider</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>User name <input name="login" autocomplete="username" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
<a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></main></body></html>`;
}

async function formBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export class TestProvider {
  tamperIdToken: ((jwt: string) => string) | null = null;

  private server: http.Server | undefined;

  private constructor(readonly issuer: string) {}

  /** Listens on 127.0.0.1:port and serves discovery, authorization, token, UserInfo and JWKS. */
  static async start(port: number, redirectUri: string): Promise<TestProvider> {
    const { default: Provider } = await import('oidc-provider');
    const issuer = `http://127.0.0.1:${port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'e2e-1', alg: 'RS256', use: 'sig' };
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: ['riffle-e2e-provider-cookie-key'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email', 'email_verified'], groups: ['groups'] },
      // Scope-granted claims go into the ID token too (as Keycloak, Entra ID and Okta can be set up to do).
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      async findAccount(_ctx: unknown, sub: string) {
        const a = (ACCOUNTS as Record<string, TestAccount>)[sub];
        if (!a) return undefined;
        return {
          accountId: sub,
          async claims(use: string) {
            const groups = use === 'id_token' && a.groupsInUserInfoOnly ? {} : { groups: a.groups };
            return { sub, preferred_username: sub, name: sub, email: a.email, email_verified: true, ...groups };
          },
        };
      },
      // The console is a first-party client: no consent screen.
      async loadExistingGrant(ctx: KoaContextLike) {
        const { client, session, result, provider: p } = ctx.oidc;
        const grantId = result?.consent?.grantId ?? session!.grantIdFor(client!.clientId);
        if (grantId) return p.Grant.find(grantId);
        const grant = new p.Grant({ clientId: client!.clientId, accountId: session!.accountId });
        grant.addOIDCScope('openid profile email groups');
        await grant.save();
        return grant;
      },
    });

    const self = new TestProvider(issuer);
    provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (self.tamperIdToken && ctx.path === '/token' && body?.id_token) ctx.body = { ...body, id_token: self.tamperIdToken(body.id_token) };
    });
    const oidc = provider.callback();

    const interaction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const m = /^\/interaction\/([^/?]+)(\/login|\/abort)?/.exec(req.url ?? '');
      const uid = m![1]!;
      const send = (status: number, html: string) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      };
      if (m![2] === '/abort') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user cancelled the sign-in' }, { mergeWithLastSubmission: false });
        return;
      }
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') return send(400, `unexpected prompt ${escapeHtml(details.prompt.name)}`);
      if (req.method !== 'POST') return send(200, page(uid));
      const form = await formBody(req);
      const login = form.get('login') ?? '';
      const account = (ACCOUNTS as Record<string, TestAccount>)[login];
      if (!account || account.password !== form.get('password')) return send(200, page(uid, 'wrong user name or password'));
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    };

    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/interaction/')) {
        interaction(req, res).catch((err: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test provider interaction failed: ${err.message}`);
        });
      } else oidc(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    self.server = server;
    return self;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The same JWT with `change` applied to its claims and the original signature kept (so it no longer verifies). */
export function forgeClaims(jwt: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${Buffer.from(JSON.stringify(change(claims))).toString('base64url')}.${signature}`;
}

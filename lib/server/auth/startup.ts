import 'server-only';
import { authSettings, isLoopbackHost } from './auth-settings';
import { adminToken, adminTokenFile, needsBootstrapAdmin, sessionKey } from './secrets';

/**
 * Start-up report on access control. Like Jupyter, a console with nobody configured makes an
 * admin token on first start and says how to sign in. The token itself is printed only to an
 * interactive terminal; a log file gets the path of the (mode 0600) file that holds it.
 */
export function reportAuthAtStartup(host: string, port: number): void {
  const s = authSettings();
  sessionKey(); // make (or read) the session key now, not on the first request
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!s.enabled) {
    console.log(`[riffle] authentication is OFF (RIFFLE_AUTH=off): anyone who can reach ${url} is an admin. Allowed only on loopback (${isLoopbackHost(host) ? 'yes' : 'NO'}).`);
    return;
  }
  const how: string[] = [];
  if (s.users.length) how.push(`${s.users.length} user(s) with passwords`);
  if (s.tokens.length) how.push(`${s.tokens.length} configured token(s)`);
  if (s.oidc) how.push(`single sign-on via ${s.oidc.issuer}`);
  const token = adminToken();
  if (token) how.push(s.adminToken ? 'the admin token from RIFFLE_ADMIN_TOKEN' : 'the first-start admin token');
  console.log(`[riffle] authentication is on: ${how.join(', ')}.`);
  if (token && !s.adminToken && needsBootstrapAdmin(s)) {
    const file = adminTokenFile(s);
    if (process.stdout.isTTY) {
      console.log(`[riffle] sign in as admin: ${url}/login?token=${token}`);
    } else {
      console.log(`[riffle] sign in as admin at ${url}/login with the token in ${file} (or open ${url}/login?token=<that token>).`);
    }
    console.log('[riffle] configure users and roles with RIFFLE_AUTH_FILE (see README, "Access control").');
  }
}

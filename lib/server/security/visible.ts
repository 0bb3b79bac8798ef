import 'server-only';

/**
 * Read-your-writes for security changes. Kafka answers an ACL, SCRAM or quota change once the
 * controller has committed it; each broker applies it when its copy of the metadata log catches
 * up, so on a cluster of several nodes the broker the console reads from may still answer with the
 * old state for a moment (found by the security suite on 3 nodes: a quota just set was missing from
 * the next list). A change's answer waits until the console's own read shows it, up to `timeoutMs`;
 * after that it answers anyway (the change is committed: it only is not visible yet).
 */
export async function untilVisible(check: () => Promise<boolean>, timeoutMs = 5_000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// Runs once when the server starts (Node runtime only): a bad setting stops start-up here,
// instead of surfacing later as a 500 on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkSettings, exitWhenLogReaderGone, startBrokerMetrics, startLagSampler, stampPeerAddresses } = await import('./instrumentation-node');
    exitWhenLogReaderGone();
    stampPeerAddresses();
    await checkSettings();
    await startLagSampler();
    await startBrokerMetrics();
  }
}

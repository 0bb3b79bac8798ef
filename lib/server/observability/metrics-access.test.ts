import { describe, expect, it } from 'vitest';
import { metricsAccess, type MetricsRequestFacts } from './metrics-access';

const base: MetricsRequestFacts = { listenHost: '127.0.0.1', token: undefined, authorization: null, host: '127.0.0.1:3000', forwardedFor: '127.0.0.1' };

describe('metricsAccess', () => {
  it('lets a loopback client of a loopback server in without a token', () => {
    expect(metricsAccess(base)).toEqual({ allowed: true, via: 'loopback' });
    expect(metricsAccess({ ...base, host: 'localhost:3000', forwardedFor: '::ffff:127.0.0.1' })).toEqual({ allowed: true, via: 'loopback' });
    expect(metricsAccess({ ...base, host: '[::1]:3000', forwardedFor: '::1', listenHost: '::1' })).toEqual({ allowed: true, via: 'loopback' });
  });

  it('refuses anyone without a token when the server listens on a public interface', () => {
    const d = metricsAccess({ ...base, listenHost: '0.0.0.0', forwardedFor: '203.0.113.7' });
    expect(d).toMatchObject({ allowed: false, status: 403 });
    // a forged loopback X-Forwarded-For and Host don't help: the listen address decides
    expect(metricsAccess({ ...base, listenHost: '0.0.0.0' })).toMatchObject({ allowed: false, status: 403 });
  });

  it('refuses a public peer relayed by a proxy on this machine, and a rebound Host name', () => {
    expect(metricsAccess({ ...base, forwardedFor: '203.0.113.7, 127.0.0.1' })).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess({ ...base, host: 'evil.example:3000' })).toMatchObject({ allowed: false, status: 403 });
  });

  it('takes the metrics token from anywhere, and only that token', () => {
    const pub = { ...base, listenHost: '0.0.0.0', forwardedFor: '203.0.113.7', token: 's3cret-metrics' };
    expect(metricsAccess({ ...pub, authorization: 'Bearer s3cret-metrics' })).toEqual({ allowed: true, via: 'token' });
    expect(metricsAccess({ ...pub, authorization: 'Bearer wrong' })).toMatchObject({ allowed: false, status: 401, reason: 'the metrics token is not valid' });
    expect(metricsAccess(pub)).toMatchObject({ allowed: false, status: 401 });
    expect(metricsAccess({ ...pub, authorization: 'Basic czNjcmV0' })).toMatchObject({ allowed: false, status: 401 });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, parseClustersFile } from './config';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings', () => {
  it('defaults to the local cluster on 127.0.0.1:9092', () => {
    const s = loadSettings({});
    // the local cluster's JMX exporter (npm run kafka:up starts it beside node 1) and Connect worker (npm run connect:up)
    expect(s.clusters).toEqual([{ id: 'local', name: 'local', brokers: ['127.0.0.1:9092'], readOnly: false, metrics: { prometheusJmx: ['http://127.0.0.1:9404/metrics'] }, connect: [{ name: 'local', url: 'http://127.0.0.1:8083' }], schemaRegistry: { url: 'http://127.0.0.1:8081' } }]);
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBe(3000);
    expect(s.databaseUrl).toBeUndefined();
  });

  it('reads where broker metrics come from, and refuses a bad source naming the setting', () => {
    expect(loadSettings({ KAFKA_BROKERS: 'k1:9092' }).clusters[0]!.metrics).toBeUndefined();
    expect(loadSettings({ KAFKA_BROKERS: 'k1:9092', KAFKA_METRICS_JMX: 'http://k1:9404/metrics, http://k2:9404/metrics' }).clusters[0]!.metrics).toEqual({
      prometheusJmx: ['http://k1:9404/metrics', 'http://k2:9404/metrics'],
    });
    expect(loadSettings({ KAFKA_METRICS_PROMETHEUS: 'http://prom:9090' }).clusters[0]!.metrics).toEqual({ prometheus: 'http://prom:9090' });
    expect(() => loadSettings({ KAFKA_METRICS_JMX: 'ftp://k1/metrics' })).toThrow(/^KAFKA_METRICS_JMX: expected an http/);
    expect(() => parseClustersFile('clusters: [{id: a, brokers: "a:1", metrics: {prometheus: "http://p:9090", prometheusJmx: ["http://a:9404"]}}]')).toThrow(/clusters\.0\.metrics.*one of the two/);
    expect(parseClustersFile('clusters: [{id: a, brokers: "a:1", metrics: {prometheusJmx: ["http://a:9404/metrics"]}}]')[0]!.metrics).toEqual({ prometheusJmx: ['http://a:9404/metrics'] });
  });

  it('reads KAFKA_BROKERS as a comma-separated list', () => {
    expect(loadSettings({ KAFKA_BROKERS: 'a:1, b:2' }).clusters[0]!.brokers).toEqual(['a:1', 'b:2']);
  });

  it('names the setting and the reason when KAFKA_BROKERS is malformed', () => {
    const err = errorOf(() => loadSettings({ KAFKA_BROKERS: 'localhost' }));
    expect(err.setting).toBe('KAFKA_BROKERS');
    expect(err.message).toBe('KAFKA_BROKERS: expected host:port');
  });

  it('rejects a non-numeric PORT and a non-postgres DATABASE_URL', () => {
    expect(errorOf(() => loadSettings({ PORT: 'eighty' })).setting).toBe('PORT');
    expect(errorOf(() => loadSettings({ DATABASE_URL: 'mysql://x' })).message).toMatch(/^DATABASE_URL: only postgres/);
  });

  it('requires a username and password with KAFKA_SASL_MECHANISM', () => {
    expect(errorOf(() => loadSettings({ KAFKA_SASL_MECHANISM: 'plain' })).setting).toBe('KAFKA_SASL_USERNAME');
    const s = loadSettings({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(s.clusters[0]!.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
  });

  it('reports a clusters file that does not exist', () => {
    const err = errorOf(() => loadSettings({ RIFFLE_CLUSTERS: '/nonexistent/clusters.yaml' }));
    expect(err.message).toMatch(/^RIFFLE_CLUSTERS: cannot read \/nonexistent\/clusters.yaml/);
  });

  it('reads a clusters file from disk, resolving passwordEnv', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riffle-'));
    const file = path.join(dir, 'clusters.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ clusters: [{ id: 'prod', brokers: 'k1:9093', readOnly: true, sasl: { mechanism: 'plain', username: 'u', passwordEnv: 'PROD_PW' } }] }),
    );
    const s = loadSettings({ RIFFLE_CLUSTERS: file, PROD_PW: 'secret' });
    expect(s.clusters[0]).toMatchObject({ id: 'prod', name: 'prod', readOnly: true, sasl: { password: 'secret' } });
    expect(errorOf(() => loadSettings({ RIFFLE_CLUSTERS: file })).message).toMatch(/PROD_PW \(passwordEnv\) is not set/);
  });
});

describe('parseClustersFile', () => {
  it('reads YAML with several clusters', () => {
    const clusters = parseClustersFile('clusters:\n  - id: a\n    brokers: [h1:9092, h2:9092]\n  - id: b\n    name: B\n    brokers: h3:9092\n    tls: true\n');
    expect(clusters.map((c) => [c.id, c.name, c.brokers, c.tls])).toEqual([
      ['a', 'a', ['h1:9092', 'h2:9092'], undefined],
      ['b', 'B', ['h3:9092'], true],
    ]);
  });

  it('names the path of the offending entry', () => {
    const err = errorOf(() => parseClustersFile('clusters:\n  - id: a\n    brokers: nope\n', 'c.yaml'));
    expect(err.message).toBe('RIFFLE_CLUSTERS (c.yaml: clusters.0.brokers.0): expected host:port');
  });

  it('rejects unknown keys, duplicate ids and bad ids', () => {
    expect(errorOf(() => parseClustersFile('clusters:\n  - id: a\n    brokers: h:1\n    colour: red\n')).message).toMatch(/colour/);
    expect(errorOf(() => parseClustersFile('clusters:\n  - {id: a, brokers: "h:1"}\n  - {id: a, brokers: "h:2"}\n')).message).toMatch(/unique/);
    expect(errorOf(() => parseClustersFile('clusters:\n  - {id: "Bad Id", brokers: "h:1"}\n')).message).toMatch(/clusters.0.id/);
  });

  it('refuses JAAS login modules and class names outright', () => {
    const jaas = errorOf(() =>
      parseClustersFile('clusters:\n  - id: a\n    brokers: h:1\n    sasl.jaas.config: "com.sun.security.auth.module.JndiLoginModule required;"\n'),
    );
    expect(jaas.setting).toBe('RIFFLE_CLUSTERS (clusters.0.sasl.jaas.config)');
    expect(jaas.message).toMatch(/JAAS login modules are not accepted/);
    const cls = errorOf(() => parseClustersFile('clusters:\n  - id: a\n    brokers: h:1\n    sasl:\n      login.callback.handler.class: Evil\n'));
    expect(cls.message).toMatch(/class names/);
  });

  it('says when the file is not JSON or YAML', () => {
    expect(errorOf(() => parseClustersFile('clusters: [\n')).message).toMatch(/neither valid JSON nor YAML/);
  });
});

describe('Kafka Connect settings (issue 17)', () => {
  it('CONNECT_URL names the default cluster\'s worker; with KAFKA_BROKERS elsewhere and no CONNECT_URL there is none', () => {
    expect(loadSettings({ CONNECT_URL: 'http://connect:8083/', CONNECT_USERNAME: 'u', CONNECT_PASSWORD: 'p' }).clusters[0]!.connect).toEqual([
      { name: 'local', url: 'http://connect:8083', auth: { username: 'u', password: 'p' } },
    ]);
    expect(loadSettings({ KAFKA_BROKERS: 'k:9092' }).clusters[0]!.connect).toEqual([]);
    expect(errorOf(() => loadSettings({ CONNECT_URL: 'connect:8083' })).setting).toBe('CONNECT_URL');
  });

  it('reads connect: per cluster, the password from the environment', () => {
    const text = 'clusters:\n  - id: a\n    brokers: k:1\n    connect:\n      - { name: main, url: "https://c:8083", auth: { username: r, passwordEnv: CPW } }\n';
    expect(parseClustersFile(text, 'f', '/', { CPW: 'sec' })[0]!.connect).toEqual([{ name: 'main', url: 'https://c:8083', auth: { username: 'r', password: 'sec' } }]);
  });

  it('names the entry when a Connect cluster is malformed or named twice', () => {
    const bad = (connect: string) => errorOf(() => parseClustersFile(`clusters:\n  - id: a\n    brokers: k:1\n    connect: ${connect}\n`, 'f'));
    expect(bad('[{ name: Main, url: "http://c:1" }]').message).toMatch(/clusters\.0\.connect\.0\.name/);
    expect(bad('[{ name: m, url: "ftp://c" }]').message).toMatch(/connect\.0\.url.*http\(s\):\/\/host:port/);
    expect(bad('[{ name: m, url: "http://c:1" }, { name: m, url: "http://d:1" }]').message).toMatch(/names must be unique/);
  });
});

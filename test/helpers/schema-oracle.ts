/**
 * Independent oracles for schema work, from Maven Central (test/helpers/schema-oracle/pom.xml),
 * fetched on first use into .cache/schema-oracle-<pom hash>/ (about 20 MB, ~15 s once):
 *
 * - javaEncode(jobs) / javaDecode(jobs): Confluent-framed bytes written and read by Apache Avro's
 *   Java encoder/decoder and protobuf-java (test/helpers/SchemaBytes.java). Give it a schema (Avro
 *   JSON or .proto text, plus referenced schemas by name), the schema id the registry gave, and
 *   values as JSON in the format's own JSON mapping (Avro's JSON encoding: a union value is
 *   {"type": value}; Protobuf's proto3 JSON: field names as in the .proto, 64-bit integers as
 *   strings); get the frame (magic 0, 4-byte id, for Protobuf the message-index list, the value).
 *   Decoding returns the id, the message indexes and the value as that same JSON. Every job in a
 *   call shares one JVM (~2-5 s), so batch them.
 *
 *     const [frame] = await javaEncode([{ format: 'AVRO', schema, id, json: { a: 1 } }]);
 *     const [back] = await javaDecode([{ format: 'AVRO', schema, frame }]);   // back.json, back.id
 *
 * - javaAvroCompatibility(pairs): Apache Avro's SchemaCompatibility verdict for reader/writer pairs
 *   (test/helpers/AvroCompatibility.java).
 * - confluentOpenApi(): the Confluent-compatible OpenAPI description Apicurio Registry publishes in
 *   its app jar (META-INF/resources/api-specifications/ccompat/v7/openapi.json).
 */
import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pom = path.join(root, 'test/helpers/schema-oracle/pom.xml');
const pomText = fs.readFileSync(pom, 'utf8');
const prop = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(pomText)![1]!;
const dir = path.join(root, '.cache', `schema-oracle-${crypto.createHash('sha256').update(pomText).digest('hex').slice(0, 12)}`);
const libs = path.join(dir, 'libs');
const protoc = path.join(dir, 'protoc', 'protoc');
const openapiFile = path.join(dir, 'ccompat-v7-openapi.json');

function mvn(args: string[]): void {
  const res = spawnSync('mvn', ['-q', '-B', '-f', pom, ...args], { stdio: 'pipe', timeout: 600_000 });
  if (res.status !== 0) throw new Error(`mvn ${args[0]} failed: ${res.stdout}\n${res.stderr}`);
}

/** Fetches the oracle's artifacts once (idempotent; safe to call from every test file). */
export function ensureSchemaOracle(): void {
  if (fs.existsSync(path.join(dir, '.complete'))) return;
  fs.mkdirSync(dir, { recursive: true });
  mvn(['dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime']);
  const protocDir = path.dirname(protoc);
  const classifier = process.arch === 'arm64' ? 'linux-aarch_64' : 'linux-x86_64';
  mvn(['dependency:copy', `-Dartifact=com.google.protobuf:protoc:${prop('protobuf.version')}:exe:${classifier}`, `-DoutputDirectory=${protocDir}`, '-Dmdep.stripVersion=true']);
  const exe = fs.readdirSync(protocDir).find((f) => f.startsWith('protoc') && f.endsWith('.exe'));
  if (!exe) throw new Error('protoc was not fetched');
  fs.renameSync(path.join(protocDir, exe), protoc);
  fs.chmodSync(protoc, 0o755);
  const appDir = path.join(dir, 'apicurio');
  mvn(['dependency:copy', `-Dartifact=io.apicurio:apicurio-registry-app:${prop('apicurio.version')}`, `-DoutputDirectory=${appDir}`]);
  const jar = fs.readdirSync(appDir).find((f) => f.endsWith('.jar'))!;
  // The JDK's own jar tool (the oracles need the JDK anyway; unzip may not be installed).
  const entry = 'META-INF/resources/api-specifications/ccompat/v7/openapi.json';
  const extract = spawnSync('jar', ['xf', path.join(appDir, jar), entry], { cwd: appDir, stdio: 'pipe' });
  const extracted = path.join(appDir, entry);
  if (extract.status !== 0 || !fs.existsSync(extracted)) throw new Error(`could not read the OpenAPI description from ${jar}: ${extract.stderr}`);
  fs.copyFileSync(extracted, openapiFile);
  fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
}

/** Compiles a helper once per version of its source (the source launcher recompiles on every run: ~10 s on a busy machine). */
function compiled(program: string): string {
  const source = path.join(root, 'test/helpers', program);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 12);
  const classes = path.join(dir, 'classes', `${path.basename(program, '.java')}-${hash}`);
  if (!fs.existsSync(classes)) {
    // Compiled aside and moved in whole, so a process running beside this one never sees half a build.
    const tmp = `${classes}.tmp-${process.pid}`;
    fs.mkdirSync(tmp, { recursive: true });
    const res = spawnSync('javac', ['-nowarn', '-cp', `${libs}/*`, '-d', tmp, source], { stdio: 'pipe', timeout: 300_000 });
    if (res.status !== 0) throw new Error(`javac ${program} failed: ${res.stderr}`);
    try {
      fs.renameSync(tmp, classes);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process got there first
    }
  }
  return classes;
}

function runJava<T>(program: string, jobs: unknown[]): Promise<T[]> {
  ensureSchemaOracle();
  const classes = compiled(program);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'java',
      ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-cp', `${classes}:${libs}/*`, path.basename(program, '.java')],
      { timeout: 180_000, maxBuffer: 256 << 20, env: { ...process.env, PROTOC: protoc } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${program} failed: ${err.message}\n${stderr}`));
        resolve(JSON.parse(stdout) as T[]);
      },
    );
    child.stdin!.end(JSON.stringify(jobs));
  });
}

export type OracleFormat = 'AVRO' | 'PROTOBUF';

export interface OracleSchema {
  format: OracleFormat;
  /** Avro schema JSON text, or .proto text. */
  schema: string;
  /** Referenced schemas: for Protobuf, name is the import path; for Avro, the name is informative. */
  references?: { name: string; schema: string }[];
}

export interface EncodeJob extends OracleSchema {
  id: number;
  json: unknown;
  /** Protobuf: the message's name (package-relative or full); default the file's first message. */
  message?: string;
}

export interface DecodeJob extends OracleSchema {
  frame: Buffer;
}

export interface Decoded {
  id: number;
  /** Protobuf: the message-index path read from the frame. */
  indexes?: number[];
  /** Protobuf: the message's full name. */
  message?: string;
  json: unknown;
}

/** Confluent-framed bytes of each value, written by the formats' Java libraries; throws on the first job that fails. */
export async function javaEncode(jobs: EncodeJob[]): Promise<Buffer[]> {
  const out = await runJava<{ hex?: string; error?: string }>('SchemaBytes.java', jobs.map((j) => ({ op: 'encode', ...j })));
  return out.map((o, i) => {
    if (o.error !== undefined) throw new Error(`encode job ${i}: ${o.error}`);
    return Buffer.from(o.hex!, 'hex');
  });
}

/** Each frame read back by the formats' Java libraries; a frame they refuse gives { error }. */
export async function javaDecode(jobs: DecodeJob[]): Promise<(Decoded | { error: string })[]> {
  return runJava<Decoded | { error: string }>(
    'SchemaBytes.java',
    jobs.map(({ frame, ...j }) => ({ op: 'decode', ...j, hex: frame.toString('hex') })),
  );
}

export interface AvroVerdict {
  compatible?: boolean;
  description?: string;
  error?: string;
}

/** Apache Avro's answer to "can `reader` read data written with `writer`?" for each pair. */
export function javaAvroCompatibility(pairs: { reader: string; writer: string }[]): Promise<AvroVerdict[]> {
  return runJava<AvroVerdict>('AvroCompatibility.java', pairs);
}

/** Apicurio's Confluent-compatible (ccompat v7) OpenAPI description, parsed. */
export function confluentOpenApi(): Record<string, unknown> {
  ensureSchemaOracle();
  return JSON.parse(fs.readFileSync(openapiFile, 'utf8')) as Record<string, unknown>;
}

#!/usr/bin/env node
// The project runs on Node 24 LTS. Every entry script imports this module first:
//   import './ensure-node.mjs';
// Under an older Node (a machine whose only Node is 20) it installs NODE_VERSION from the npm
// registry (package node-<os>-<cpu>, no npm inside) into .cache/node-<version>/ and re-runs the
// same command under it, with that bin dir first on PATH, so every child (npm, npx, next,
// vitest, Playwright's web server, `node scripts/…`) runs under Node 24 as well: npm's own
// `#!/usr/bin/env node` finds it there. Under Node >= engines.node it does nothing.
//   node scripts/ensure-node.mjs    installs it if missing and prints its bin dir
// No dependencies: this runs before node_modules exists, under Node 20 and 24 alike.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.22.3';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.cache', `node-${NODE_VERSION}`);
const bin = path.join(dir, 'bin');
const node = path.join(bin, 'node');

/** Is this Node at least package.json's engines.node (">=X.Y.Z")? */
function recentEnough() {
  const { engines } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const want = />=\s*(\d+)\.(\d+)\.(\d+)/.exec(engines.node)?.slice(1).map(Number);
  if (!want) throw new Error(`ensure-node: engines.node "${engines.node}" has no ">=X.Y.Z"`);
  const have = process.versions.node.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
  return true;
}

const runs = (file) => spawnSync(file, ['-p', 'process.version'], { encoding: 'utf8' }).stdout?.trim() === `v${NODE_VERSION}`;

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function fail(message) {
  console.error(`node: ${message}`);
  process.exit(1);
}

/**
 * Unpacks node-<os>-<cpu>@NODE_VERSION into a temporary folder beside the cache and renames it
 * into place only once its node runs, so an interrupted install leaves no half a Node behind
 * (its leftover is removed by the next install).
 */
function install() {
  const cache = path.dirname(dir);
  fs.mkdirSync(cache, { recursive: true });
  for (const e of fs.readdirSync(cache)) {
    const m = new RegExp(`^node-${NODE_VERSION.replaceAll('.', '\\.')}\\.tmp-(\\d+)$`).exec(e);
    if (m && !pidAlive(Number(m[1]))) fs.rmSync(path.join(cache, e), { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  try {
    const spec = `node-${process.platform}-${process.arch}@${NODE_VERSION}`;
    const pack = spawnSync('npm', ['pack', spec, '--pack-destination', tmp, '--silent'], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = pack.stdout?.trim().split('\n').pop();
    if (pack.status !== 0 || !tarball) fail(`npm pack ${spec} failed (is the npm registry reachable?)`);
    const untar = spawnSync('tar', ['-xzf', path.join(tmp, tarball), '-C', tmp, '--strip-components=1'], { stdio: 'inherit' });
    if (untar.status !== 0) fail(`could not unpack ${tarball}`);
    fs.rmSync(path.join(tmp, tarball));
    if (!runs(path.join(tmp, 'bin', 'node'))) fail(`the node in ${spec} does not run on this machine`);
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      // Another run installed it meanwhile: keep theirs.
      if (!['ENOTEMPTY', 'EEXIST'].includes(err.code) || !runs(node)) throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Installs the project's Node unless it is there (install() puts it there only once it runs); true if it did. */
function installNode() {
  if (fs.existsSync(node)) return false;
  console.error(`node: installing Node ${NODE_VERSION} into ${path.relative(root, dir)} (system Node is ${process.versions.node}), then using it`);
  install();
  return true;
}

/** Runs a child with this process's stdio, passes it the signals this process gets, and exits as it does. */
export function runAsChild(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { stdio: 'inherit', env });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => {
    console.error(`${cmd}: ${err.message}`);
    process.exit(127); // as a shell does for a command it cannot run
  });
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    for (const sig of signals) process.removeAllListeners(sig);
    process.kill(process.pid, signal);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!recentEnough()) installNode();
  console.log(recentEnough() ? path.dirname(process.execPath) : bin);
} else if (!recentEnough()) {
  if (!installNode()) console.error(`node: using Node ${NODE_VERSION} from ${path.relative(root, dir)} (system Node is ${process.versions.node})`);
  runAsChild(node, [...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    // Native modules (better-sqlite3) compile against this Node's headers, not whatever a
    // global npmrc's nodedir points at (here /usr: Node 20's).
    npm_config_nodedir: dir,
    NODE: node,
    npm_node_execpath: node,
  });
  // The rest of the importing script must not run under the old Node: wait here until the
  // child exits (runAsChild exits this process then).
  await new Promise(() => {});
}

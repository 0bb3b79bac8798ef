// What scripts/connect.mjs and scripts/registry.mjs share: a local service run as a detached
// background process, known by a pid file and by its command line (a stale pid file whose number
// the system gave to another process must not make us stop that process), started, waited for
// and stopped the same way, behind the same `up|down|status` command line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** KAFKA_PORT_OFFSET as a number, or the process ends with a message naming the variable. */
export function portOffsetOf(name) {
  const offset = Number(process.env.KAFKA_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 40000) {
    console.error(`${name}: KAFKA_PORT_OFFSET must be an integer from 0 to 40000 (got "${process.env.KAFKA_PORT_OFFSET}")`);
    process.exit(1);
  }
  return offset;
}

/**
 * A background service named `name` (its messages' prefix), its pid in `pidFile`, its process
 * recognised by `cmdline` appearing in /proc/<pid>/cmdline, its output appended to `logFile`.
 */
export function backgroundService({ name, pidFile, logFile, cmdline }) {
  const fail = (message) => {
    console.error(`${name}: ${message}`);
    process.exit(1);
  };
  const isOurs = (pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(cmdline);
    } catch {
      return false;
    }
  };
  const runningPid = () => {
    try {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      return pid && isOurs(pid) ? pid : null;
    } catch {
      return null;
    }
  };
  return {
    fail,
    runningPid,
    /** Starts `command args` detached, its output appended to the log; returns the log's size before it (what this start writes comes after). */
    start(command, args, options = {}) {
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
      const out = fs.openSync(logFile, 'a');
      const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', out, out] });
      child.unref();
      fs.writeFileSync(pidFile, String(child.pid));
      return logStart;
    },
    /** Polls `ready` (true when up) until `withinMs`; fails if the process exits or the time runs out. */
    async waitReady(ready, { withinMs, everyMs = 500 }) {
      const deadline = Date.now() + withinMs;
      for (;;) {
        if (await ready()) return;
        if (!runningPid()) fail(`it exited during start-up; see ${logFile}`);
        if (Date.now() > deadline) fail(`it did not become ready within ${Math.round(withinMs / 1000)} s; see ${logFile}`);
        await sleep(everyMs);
      }
    },
    /** SIGTERM, then SIGKILL after `withinMs`; removes the pid file. */
    async stop({ withinMs }) {
      const pid = runningPid();
      if (!pid) {
        console.log(`${name}: nothing was running`);
        return;
      }
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + withinMs;
      let killed = false;
      while (isOurs(pid)) {
        if (Date.now() > deadline && !killed) {
          console.log(`${name}: did not stop within ${Math.round(withinMs / 1000)} s; killing it`);
          process.kill(pid, 'SIGKILL');
          killed = true;
        }
        await sleep(200);
      }
      fs.rmSync(pidFile, { force: true });
      console.log(`${name}: stopped`);
    },
  };
}

/** Runs the command named by the first argument, or fails with the usage line. */
export async function serviceMain(name, commands) {
  const command = commands[process.argv[2]];
  if (!command) {
    console.error(`${name}: usage: ${name}.mjs ${Object.keys(commands).join('|')}`);
    process.exit(1);
  }
  await command();
}

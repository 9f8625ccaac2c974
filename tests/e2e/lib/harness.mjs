// Starts the real things the browser tests drive: a private ClickHouse (scripts/clickhouse-server.sh)
// and `ferry serve` over a temporary data directory, and stops them again.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A ClickHouse HTTP client for seeding and checking: sql(query, {user, password, body}). */
export function clickhouseClient(port) {
  return async function sql(query, { user = 'default', password = '', body } = {}) {
    const url = new URL(`http://127.0.0.1:${port}/`);
    url.searchParams.set('query', query);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-ClickHouse-User': user, 'X-ClickHouse-Key': password },
      body: body ?? '',
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`ClickHouse: ${query}\n  -> HTTP ${response.status}: ${text.trim()}`);
    return text;
  };
}

/** The server's own pid, from the status file ClickHouse writes into its data directory. */
function clickhousePid(dir) {
  try {
    const match = readFileSync(join(dir, 'data/status'), 'utf8').match(/PID:\s*(\d+)/);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a `start` script that prints a port as its last line. Returns when the script exits: a server
 * it leaves behind may keep the pipe open, so waiting for end-of-output (as execFileSync does) could
 * wait for the server's end.
 */
function startScript(script, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(script, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${script} ${args[0]} did not finish in ${timeoutMs} ms`)), timeoutMs);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      // Give the last stdout chunk a moment to arrive.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        const last = out.trim().split('\n').pop() ?? '';
        if (code === 0 && /^\d+$/.test(last)) resolve(Number(last));
        else reject(new Error(`${script} ${args.join(' ')} failed (${code}): ${out}${err}`));
      }, 50);
    });
  });
}

export async function startClickHouse(root, dir, timeoutMs = 60_000) {
  const script = join(root, 'scripts/clickhouse-server.sh');
  const port = await startScript(script, ['start', dir], timeoutMs);
  const serverPid = clickhousePid(dir);
  return {
    port,
    sql: clickhouseClient(port),
    stop: async () => {
      try {
        execFileSync(script, ['stop', dir], { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // Fall through to stopping the server by its pid.
      }
      // The script may stop only its wrapper; make sure the server this harness started is gone too.
      if (serverPid && alive(serverPid)) {
        process.kill(serverPid, 'SIGTERM');
        for (let i = 0; i < 100 && alive(serverPid); i += 1) await new Promise((r) => setTimeout(r, 100));
        if (alive(serverPid)) process.kill(serverPid, 'SIGKILL');
      }
    },
  };
}

/**
 * A JWT gateway (scripts/jwt-gateway.sh: nginx checking HS256 tokens) in front of a ClickHouse HTTP
 * port; it forwards as the user named by the token's `sub`.
 */
export async function startJwtGateway(root, dir, upstreamPort, secret) {
  const script = join(root, 'scripts/jwt-gateway.sh');
  const port = await startScript(script, ['start', dir, String(upstreamPort), secret], 30_000);
  return {
    port,
    stop: () => {
      try {
        execFileSync(script, ['stop', dir], { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // Already stopped.
      }
    },
  };
}

/**
 * Runs `ferry serve` and resolves once it prints "Ferry is serving on http://...". `args` are more
 * options (e.g. --auth token); `port` a chosen one (default: a free one).
 */
export async function startFerry(root, { dataDir, webDir, args = [], port: chosenPort = null, timeoutMs = 30_000 }) {
  // FERRY_BINARY runs the flows against another build (e.g. a branch's server) without copying it.
  const binary = process.env.FERRY_BINARY ?? join(root, 'build/ferry');
  if (!existsSync(binary)) throw new Error(`${binary} does not exist: build Ferry first (scripts/build.sh)`);
  const port = chosenPort ?? (await freePort());
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--web-dir', webDir, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ferry serve did not report readiness in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(/Ferry is serving on (https?:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/[.,;]$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`ferry serve exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  return {
    url,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export function makeTempDir(prefix = 'ferry-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'data'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

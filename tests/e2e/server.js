// server.js - starts a real Pace server on a free loopback port with a fresh
// data directory, for the browser tests and the screenshot script.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PACE_BIN = path.resolve(__dirname, process.env.PACE_BIN || '../../build-test/pace');

// Debian's Chromium; Playwright never downloads a browser here.
const chromiumLaunchOptions = {
  executablePath: process.env.PACE_CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

// The test clock: the server believes it is NOW_START at the moment this
// module loaded, and time runs on from there, so no test depends on today's
// date. PACE_TEST_INSTANT (Unix seconds) chooses another instant.
const NOW_START_S = Number(process.env.PACE_TEST_INSTANT || 1796223600); // Wed 2026-12-02 15:00 UTC
const ANCHOR_MS = Date.now();

// The current time as the server sees it, in milliseconds (for new Date()).
function testNow() {
  return NOW_START_S * 1000 + (Date.now() - ANCHOR_MS);
}

const READY = /pace: serving (https?:\/\/127\.0\.0\.1:(\d+)) \(data in (.*)\)/;

// Resolves to { url, port, dataDir, stop(), log() } once the server listens.
function startServer({ timeoutMs = 30_000 } = {}) {
  if (!fs.existsSync(PACE_BIN)) {
    return Promise.reject(new Error(`Pace binary not found at ${PACE_BIN}; set PACE_BIN`));
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pace-e2e-'));
  const child = spawn(PACE_BIN, ['serve', '--listen', '127.0.0.1:0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1',
      PACE_TEST_NOW: `${NOW_START_S},${Math.floor(ANCHOR_MS / 1000)}`,
    },
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Pace did not start within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    let ready = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (process.env.PACE_E2E_VERBOSE) process.stderr.write(d);
      const m = !ready && stderr.match(READY);
      if (!m) return;
      ready = true;
      clearTimeout(timer);
      const exited = new Promise((res) => child.once('exit', (code, sig) => res({ code, sig })));
      resolve({
        url: m[1],
        port: Number(m[2]),
        dataDir,
        log: () => stderr + stdout,
        // SIGTERM, then SIGKILL if it has not stopped after a while.
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
            const r = await exited;
            clearTimeout(t);
            this.exit = r;
          }
          fs.rmSync(dataDir, { recursive: true, force: true });
          return this.exit;
        },
      });
    });
    child.once('exit', (code, sig) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`Pace exited (${code ?? sig}) before serving:\n${stderr}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

module.exports = { startServer, chromiumLaunchOptions, PACE_BIN, testNow };

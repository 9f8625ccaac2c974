#!/usr/bin/env node
// Browser end-to-end tests of the Ferry web app against the real server and a real ClickHouse.
//   node tests/e2e/run.mjs [filter]      (or: cd web && npm run e2e)
// Starts a private ClickHouse and `build/ferry serve`, seeds demo tables, drives Debian's Chromium
// through each flow in flows/, saves screenshots to tests/e2e/artifacts/, and ends with the line
// "N passed, N failed" (exit status 1 when anything failed).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './lib/browser.mjs';
import { probeCapabilities, skipper } from './lib/capabilities.mjs';
import { makeTempDir, startClickHouse, startFerry } from './lib/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const artifactsDir = join(here, 'artifacts');
const filter = process.argv[2] ?? '';
const kFlowTimeoutMs = 180_000;

const kOrders = 200;
const kCustomers = 20;
const kBigRows = 10_000_000;

async function seed(clickhouse, database) {
  const sql = clickhouse.sql;
  await sql(`CREATE DATABASE ${database}`);
  await sql(`CREATE TABLE ${database}.customers (id UInt32, name String, country String) ENGINE = MergeTree ORDER BY id`);
  await sql(
    `CREATE TABLE ${database}.orders (id UInt32, customer_id UInt32, amount Float64, created Date) ENGINE = MergeTree ORDER BY id`,
  );
  await sql(
    `INSERT INTO ${database}.customers SELECT number + 1, concat('Customer ', toString(number + 1)), ` +
      `arrayElement(['DE', 'FR', 'US', 'JP'], number % 4 + 1) FROM numbers(${kCustomers})`,
  );
  // customer_id runs to 25, so some orders have no customer: a LEFT JOIN keeps them.
  await sql(
    `INSERT INTO ${database}.orders SELECT number + 1, number % 25 + 1, round((number * 7919 % 100000) / 100, 2), ` +
      `toDate('2024-01-01') + number % 366 FROM numbers(${kOrders})`,
  );
  // Big enough that an export is still running when the cancel flow presses Cancel, and bounded
  // (about 400 MB of CSV) in case cancelling does not work.
  await sql(
    `CREATE VIEW ${database}.big_numbers AS SELECT number AS n, toString(number * 7919) AS label, ` +
      `toDateTime('2024-01-01 00:00:00') + number AS at FROM numbers(${kBigRows})`,
  );
}

async function loadFlows() {
  const dir = join(here, 'flows');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  const flows = [];
  for (const file of files) {
    const flow = await import(pathToFileURL(join(dir, file)).href);
    if (!filter || file.includes(filter) || flow.name.includes(filter)) flows.push({ file, ...flow });
  }
  // The order a person would try them: export, import, cancel, errors, JWT, issue 12's problems, then a
  // shared server (issue 15).
  const order = [
    'export_join.mjs',
    'import_upload.mjs',
    'cancel_export.mjs',
    'auth_error.mjs',
    'jwt_token.mjs',
    'p1_rerun_guard.mjs',
    'p2_jobs_panel.mjs',
    'p3_bad_rows.mjs',
    'p4_honest_counts.mjs',
    'p5_schema_editor.mjs',
    'p6_export_dialect.mjs',
    'p7_accessibility.mjs',
    'p8_errors.mjs',
    'p9_frictions.mjs',
    'p10_many_files.mjs',
    'p11_shared_sign_in.mjs',
    'p12_dirty_leftovers.mjs',
    'p13_lenient_quotes_kept_headers.mjs',
  ];
  return flows.sort((a, b) => (order.indexOf(a.file) + 1 || 99) - (order.indexOf(b.file) + 1 || 99));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]);
}

async function main() {
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  const flows = await loadFlows();
  if (flows.length === 0) {
    console.error(`no flow matches "${filter}"`);
    console.log('0 passed, 1 failed');
    return 1;
  }

  const webDir = join(root, 'web/dist');
  if (!existsSync(join(webDir, 'index.html'))) {
    console.log('e2e: building the web app (web/dist is missing)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: join(root, 'web'), stdio: 'inherit' });
  }

  if (!existsSync(process.env.FERRY_BINARY ?? join(root, 'build/ferry'))) {
    console.log('FAIL setting up: build/ferry does not exist; build it first (scripts/build.sh)');
    console.log('0 passed, 1 failed');
    return 1;
  }

  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let clickhouse = null;
  let ferry = null;
  let browser = null;
  let passed = 0;
  let failed = 0;
  try {
    clickhouse = await startClickHouse(root, join(temp.dir, 'clickhouse'));
    const database = `e2e_${process.pid}_${Date.now().toString(36)}`;
    await seed(clickhouse, database);
    ferry = await startFerry(root, { dataDir, webDir });
    browser = await launchChromium(root);
    console.log(`e2e: ClickHouse on :${clickhouse.port}, database ${database}; Ferry at ${ferry.url}`);
    const can = await probeCapabilities({ url: ferry.url, dataDir, clickhouse, database });
    const missing = Object.entries(can).filter(([, yes]) => !yes).map(([what]) => what);
    if (missing.length) console.log(`e2e: this server lacks ${missing.join(', ')}; checks that need them are skipped and listed`);
    const baseEnv = { root, tempDir: temp.dir, url: ferry.url, clickhouse, database, dataDir, orders: kOrders, customers: kCustomers, bigRows: kBigRows, can };

    for (const flow of flows) {
      const started = Date.now();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const problems = [];
      const skip = skipper();
      const env = { ...baseEnv, skip };
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      try {
        await withTimeout(flow.run({ page, env, artifactsDir }), kFlowTimeoutMs, flow.name);
        const pageErrors = problems.filter((p) => p.startsWith('page error'));
        if (pageErrors.length) throw new Error(pageErrors.join('\n'));
        passed += 1;
        console.log(`ok   ${flow.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        for (const what of skip.skipped) console.log(`     skipped (server lacks it): ${what}`);
      } catch (error) {
        failed += 1;
        const shot = join(artifactsDir, `${flow.file.replace(/\.mjs$/, '')}-FAILED.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
        console.log(`FAIL ${flow.name}\n     ${String(error?.message ?? error).split('\n').join('\n     ')}`);
        if (problems.length) console.log(`     browser said:\n       ${problems.join('\n       ')}`);
        console.log(`     screenshot: ${shot}`);
      } finally {
        await context.close();
      }
    }
    if (failed > 0) console.log(`--- ferry serve output (last 3000 characters) ---\n${ferry.log().slice(-3000)}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL setting up: ${error?.message ?? error}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await ferry?.stop().catch(() => undefined);
    await clickhouse?.stop().catch(() => undefined);
    if (failed === 0) temp.remove();
    else console.log(`e2e: kept ${temp.dir} for inspection`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();

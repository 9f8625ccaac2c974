// What the running `ferry serve` can do. The web app is built against the API contract of issue 12
// (docs/api.md); parts of the server side land separately. A flow checks a server-side behaviour only
// when the server has it, and says so when it does not ("skipped: ..."), so a missing feature is
// visible in the summary rather than silently passing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

async function post(url, path, body) {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

export async function probeCapabilities({ url, dataDir, clickhouse, database }) {
  const connection = { host: '127.0.0.1', port: clickhouse.port, database, user: 'default', password: '' };
  const can = {};
  can.createStatement = (await post(url, '/api/clickhouse/create_statement', { connection, table: 'x', schema: [{ file_column: 'a', name: 'a', type: 'UInt8' }], order_by: [], engine: 'MergeTree' })).status === 200;
  can.loadPlan = (await post(url, '/api/clickhouse/load_plan', { connection, table: 'orders', mode: 'append' })).status === 200;

  writeFileSync(join(dataDir, '.probe-semicolon.csv'), 'a;b;c\n1;2;3\n4;5;6\n7;8;9\n');
  const sniff = await post(url, '/api/file/schema', { file: { path: '.probe-semicolon.csv' } });
  can.sniffer = sniff.status === 200 && typeof sniff.body?.dialect === 'object' && sniff.body.dialect !== null;

  writeFileSync(join(dataDir, '.probe-short.csv'), 'a,b,c\n1,2,3\n4,5\n7,8,9\n');
  const short = await post(url, '/api/file/schema', { file: { path: '.probe-short.csv', delimiter: ',' } });
  can.badRows = short.status === 200 && Array.isArray(short.body?.bad_rows);

  const upload = (query) => fetch(new URL(`/api/files?name=.probe-upload.csv${query}`, url), { method: 'POST', body: 'x\n1\n' });
  await upload('&replace=1');
  can.uploadConflict = (await upload('')).status === 409;

  // The job fields of the contract: a tiny import shows whether records carry rows_committed.
  writeFileSync(join(dataDir, '.probe-job.csv'), 'n\n1\n');
  const job = await post(url, '/api/jobs', {
    source: { kind: 'file', path: '.probe-job.csv' },
    target: { kind: 'clickhouse', connection, table: '_probe_job', create: true },
  });
  let record = null;
  for (let i = 0; i < 50 && job.body?.id; i += 1) {
    record = await (await fetch(new URL(`/api/jobs/${job.body.id}`, url))).json();
    if (!['queued', 'running'].includes(record.status)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  can.jobCounts = record !== null && typeof record.rows_committed === 'number';
  // The re-run guard: the same file into the same table again.
  const again = await post(url, '/api/jobs', {
    source: { kind: 'file', path: '.probe-job.csv' },
    target: { kind: 'clickhouse', connection, table: '_probe_job', create: true },
  });
  can.rerunGuard = again.status === 409;
  if (again.body?.id) {
    for (let i = 0; i < 50; i += 1) {
      const r = await (await fetch(new URL(`/api/jobs/${again.body.id}`, url))).json();
      if (!['queued', 'running'].includes(r.status)) break;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  await clickhouse.sql(`DROP TABLE IF EXISTS ${database}._probe_job`);

  // Create options: a renamed column with a chosen type.
  writeFileSync(join(dataDir, '.probe-create.csv'), 'Some Name\n5\n');
  await runJob(url, {
    source: { kind: 'file', path: '.probe-create.csv' },
    target: { kind: 'clickhouse', connection, table: '_probe_create', create: true, schema: [{ file_column: 'Some Name', name: 'renamed', type: 'UInt16' }], order_by: ['renamed'], engine: 'MergeTree' },
  });
  const created = await clickhouse.sql(`SELECT name, type FROM system.columns WHERE database = '${database}' AND table = '_probe_create' FORMAT TSV`).catch(() => '');
  can.createOptions = created.trim() === 'renamed\tUInt16';

  // A column map into an existing table; replace mode (a file whose header matches).
  await clickhouse.sql(`CREATE TABLE ${database}._probe_map (k UInt32) ENGINE = MergeTree ORDER BY k`);
  await runJob(url, {
    source: { kind: 'file', path: '.probe-create.csv' },
    target: { kind: 'clickhouse', connection, table: '_probe_map', create: false, map: { 'Some Name': 'k' } },
    columns: ['Some Name'],
  });
  can.map = (await clickhouse.sql(`SELECT groupArray(k) FROM ${database}._probe_map FORMAT TSV`)).trim() === '[5]';
  await clickhouse.sql(`CREATE TABLE ${database}._probe_replace (k UInt32) ENGINE = MergeTree ORDER BY k`);
  await clickhouse.sql(`INSERT INTO ${database}._probe_replace VALUES (1), (2), (3)`);
  writeFileSync(join(dataDir, '.probe-replace.csv'), 'k\n5\n');
  await runJob(url, {
    source: { kind: 'file', path: '.probe-replace.csv' },
    target: { kind: 'clickhouse', connection, table: '_probe_replace', create: false, mode: 'replace' },
  });
  can.replace = (await clickhouse.sql(`SELECT groupArray(k) FROM ${database}._probe_replace FORMAT TSV`)).trim() === '[5]';
  await clickhouse.sql(`DROP TABLE IF EXISTS ${database}._probe_replace`);
  await clickhouse.sql(`DROP TABLE IF EXISTS ${database}._probe_create`);
  await clickhouse.sql(`DROP TABLE IF EXISTS ${database}._probe_map`);

  // A table created by a job that failed is dropped again.
  // The bad row comes after the first batch, once the table exists.
  writeFileSync(join(dataDir, '.probe-bad.csv'), `a,b\n${'1,2\n'.repeat(20000)}1\n`);
  await runJob(url, {
    source: { kind: 'file', path: '.probe-bad.csv', delimiter: ',' },
    target: { kind: 'clickhouse', connection, table: '_probe_failed', create: true },
  });
  can.dropsFailedCreate = (await clickhouse.sql(`EXISTS TABLE ${database}._probe_failed`)).trim() === '0';
  await clickhouse.sql(`DROP TABLE IF EXISTS ${database}._probe_failed`);

  // Connection errors as advice: HTTPS against the HTTP port.
  const tls = await post(url, '/api/clickhouse/tables', { connection: { ...connection, secure: true } });
  can.connectionAdvice = tls.status >= 400 && !/wrong version number/i.test(tls.body?.error?.message ?? '') && /HTTP|8123|8443/.test(tls.body?.error?.message ?? '');
  return can;
}

async function runJob(url, request) {
  const started = await post(url, '/api/jobs', request);
  if (!started.body?.id) return null;
  for (let i = 0; i < 100; i += 1) {
    const record = await (await fetch(new URL(`/api/jobs/${started.body.id}`, url))).json();
    if (!['queued', 'running'].includes(record.status)) return record;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/** A recorder of checks that could not run against this server. */
export function skipper() {
  const skipped = [];
  return {
    skipped,
    /** Runs `fn` when `available`, else records why it did not. */
    async when(available, what, fn) {
      if (available) return fn();
      skipped.push(what);
      return undefined;
    },
  };
}

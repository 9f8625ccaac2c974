// Issue 12, problem 8: connection errors read as advice, without escape sequences or a "query" the
// person never ran, and they clear as soon as a field changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { fillConnection, screenshots, stepRegion } from '../lib/ui.mjs';

export const name = 'problem 8: connection errors as advice, no escape sequences, cleared on edit';

async function connectError(page) {
  await page.getByRole('button', { name: 'Connect' }).click();
  const alert = stepRegion(page, 2).getByRole('alert');
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  check(!/\\r|\\n|\\t/.test(text), `no escape sequences: "${text}"`);
  check(!/rejected the query|ClickHouse refused/i.test(text), `a connect is not called a query: "${text}"`);
  return text;
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p8-errors');
  await page.goto(env.url);
  await page.getByRole('radio', { name: 'ClickHouse → file' }).check();

  // HTTPS against the HTTP port.
  await fillConnection(page, { port: env.clickhouse.port, database: env.database, user: 'default', password: '' });
  await page.getByRole('switch', { name: 'Use HTTPS' }).check();
  await page.getByLabel('Port', { exact: true }).fill(String(env.clickhouse.port));
  const tls = await connectError(page);
  await env.skip.when(env.can.connectionAdvice, 'connection errors as advice (HTTPS on an HTTP port)', async () => {
    check(!/wrong version number/i.test(tls), `no OpenSSL jargon: "${tls}"`);
    check(/HTTP/.test(tls), `the advice mentions HTTP: "${tls}"`);
  });
  await shot(page, 'https-on-http', 2);

  // Editing a field clears the old error.
  await page.getByRole('switch', { name: 'Use HTTPS' }).uncheck();
  checkEqual(await stepRegion(page, 2).getByRole('alert').count(), 0, 'the error is gone after an edit');

  // The native protocol port.
  const tcpPort = readFileSync(join(env.tempDir, 'clickhouse', 'tcp_port'), 'utf8').trim();
  await page.getByLabel('Port', { exact: true }).fill(tcpPort);
  const native = await connectError(page);
  await env.skip.when(env.can.connectionAdvice, 'connection errors as advice (native port)', async () => {
    check(/native/i.test(native) && /8123/.test(native), `the advice names the HTTP port: "${native}"`);
  });
  await shot(page, 'native-port', 2);
  await page.getByLabel('Port', { exact: true }).fill(String(env.clickhouse.port));
  checkEqual(await stepRegion(page, 2).getByRole('alert').count(), 0, 'the error is gone after the port changed');

  // A database that does not exist.
  await page.getByLabel('Database').fill('no_such_database');
  const missing = await connectError(page);
  check(/no_such_database/.test(missing), `the message names the database: "${missing}"`);
  await shot(page, 'missing-database', 2);
  await page.getByLabel('Database').fill(env.database);
  checkEqual(await stepRegion(page, 2).getByRole('alert').count(), 0, 'the error is gone after the database changed');
  await page.getByRole('button', { name: 'Connect' }).click();
  await stepRegion(page, 2).getByRole('cell', { name: 'orders', exact: true }).waitFor();

  // The Advanced section holds the wire compression choice, sent with the connection.
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByLabel('Compression').selectOption('zstd');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/clickhouse/tables'));
  await page.getByRole('button', { name: 'Connect' }).click();
  checkEqual(JSON.parse((await sent).postData() ?? '{}').connection?.compression, 'zstd', 'compression in the connection object');
  await stepRegion(page, 2).getByRole('cell', { name: 'orders', exact: true }).waitFor();
  await shot(page, 'advanced', 2);
}

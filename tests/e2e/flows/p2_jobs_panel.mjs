// Issue 12, problem 2: jobs are listed (newest first) with status, counts and duration; a reload
// during an import re-attaches to its progress; a finished job's result can be shown again; leaving
// the page during an upload asks first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 2: Jobs panel, re-attach after a reload, result re-opened, beforeunload during upload';

/** A file big enough that the import is still running after a reload. */
function writeBig(path, rows) {
  const chunk = [];
  const parts = ['n,label,at\n'];
  for (let i = 0; i < rows; i += 1) {
    chunk.push(`${i},label number ${i * 7919},2024-01-01 00:00:00`);
    if (chunk.length === 100_000) {
      parts.push(chunk.join('\n') + '\n');
      chunk.length = 0;
    }
  }
  if (chunk.length) parts.push(chunk.join('\n') + '\n');
  writeFileSync(path, parts.join(''));
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p2-jobs');
  writeFileSync(join(env.dataDir, 'small_jobs.csv'), 'id,v\n1,a\n2,b\n3,c\n');
  writeBig(join(env.dataDir, 'big_jobs.csv'), 3_000_000);

  // A small import first, so that there is a finished job to show again.
  await startImport(page, env, 'small_jobs.csv');
  await page.getByRole('checkbox', { name: 'v', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('small_jobs');
  await startButton(page).click();
  check((await waitForFinish(page)).includes('Completed'), 'the small import completes');
  const jobs = page.getByRole('region', { name: 'Jobs' });
  const firstCard = jobs.getByRole('listitem').first();
  await firstCard.getByText('small_jobs.csv → small_jobs', { exact: true }).waitFor();
  await firstCard.getByText('Completed', { exact: true }).waitFor();
  check(/3 loaded of 3 read/.test((await firstCard.textContent()) ?? ''), 'the card counts the rows');
  await shot(page, 'small-done');

  // The big one, then a reload while it runs.
  await page.getByRole('button', { name: 'Start a new transfer' }).click();
  await page.getByLabel('File in the data directory').selectOption('big_jobs.csv');
  await page.getByRole('checkbox', { name: 'label', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('big_jobs');
  await startButton(page).click();
  const status = page.locator('.status[role="status"]');
  await eventually(async () => /Ingesting|Fetching/.test((await status.textContent()) ?? ''), { what: 'the import to run', timeoutMs: 30_000, intervalMs: 50 });
  const jobId = (await status.locator('.job-id').textContent())?.trim();
  check(jobId, 'the running job shows its id');
  await page.reload();
  await eventually(async () => (await page.locator('.status[role="status"] .job-id').textContent().catch(() => ''))?.trim() === jobId, {
    what: 'the reloaded page to show the running job again',
    timeoutMs: 10_000,
  });
  check(await page.getByRole('radio', { name: 'File → ClickHouse' }).isChecked(), 'the direction follows the job');
  await jobs.getByText('Running', { exact: true }).first().waitFor();
  await shot(page, 're-attached', 7);
  // Progress keeps moving on the re-attached stream.
  const read = async () => Number(((await stepRegion(page, 7).locator('.stats dd').first().textContent()) ?? '0').replace(/\D/g, ''));
  const before = await read();
  const after = await eventually(async () => {
    const value = await read();
    return value > before ? value : null;
  }, { what: 'rows read to grow after the reload', timeoutMs: 20_000, intervalMs: 100 }).catch(() => null);
  const final = await waitForFinish(page, 120_000);
  check(after !== null || final.includes('Completed'), 'progress moved after the reload');
  await shot(page, 'big-finished', 7);
  check(final.includes('Completed'), `the big import completed: ${final}`);
  const big = Number((await env.clickhouse.sql(`SELECT count() FROM ${env.database}.big_jobs`)).trim());
  checkEqual(big, 3_000_000, 'rows of the big import');

  // Newest first: the big import is on top; "Show result" brings back the small one.
  await eventually(async () => /big_jobs\.csv → big_jobs/.test((await jobs.getByRole('listitem').first().textContent()) ?? ''), { what: 'the newest job on top' });
  await jobs.getByRole('listitem').filter({ hasText: 'small_jobs.csv → small_jobs' }).first().getByRole('button', { name: /Show result/ }).click();
  await stepRegion(page, 7).getByText('Completed: 3 rows loaded into small_jobs').waitFor();
  await shot(page, 'reopened');

  // Leaving during an upload asks first.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
  await page.getByLabel('Upload a file').setInputFiles({ name: 'leaving.csv', mimeType: 'text/csv', buffer: Buffer.alloc(2_000_000, 'a,b\n') });
  await page.getByRole('button', { name: 'Cancel upload' }).waitFor();
  await page.getByRole('heading', { name: /Input file/ }).click(); // A gesture: browsers ask only pages the person used.
  const dialog = new Promise((resolve) => page.once('dialog', async (d) => {
    resolve(d.type());
    await d.dismiss();
  }));
  await page.close({ runBeforeUnload: true });
  checkEqual(await Promise.race([dialog, new Promise((r) => setTimeout(() => r('no dialog'), 5000))]), 'beforeunload', 'leaving during an upload asks');
  await page.getByRole('button', { name: 'Cancel upload' }).click();
  await stepRegion(page, 3).getByText('cancelled; nothing was saved').waitFor();
}

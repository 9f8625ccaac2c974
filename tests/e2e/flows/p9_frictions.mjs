// Issue 12, problem 9: columns load by themselves and reload when the delimiter changes; a custom
// delimiter shows no error before typing; no Join step for imports; a cancelled upload is not a
// failure; an upload of an existing name asks first; the sniffer's suggestion is one click away; the
// progress bar is at 100% when the status says Completed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 9: automatic columns, delimiter reload, quiet custom field, upload cancel and replace, sniffer fix, 100% at Completed';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p9-frictions');
  writeFileSync(join(env.dataDir, 'frict.csv'), 'id,name,score\n1,a,1.5\n2,b,2.5\n3,c,\n');
  await startImport(page, env, 'frict.csv');

  // Columns appear without a click; there is no Load Columns button and no Join step.
  await page.getByRole('checkbox', { name: 'score', exact: true }).waitFor();
  checkEqual(await page.getByRole('button', { name: 'Load Columns' }).count(), 0, 'no Load Columns button');
  checkEqual(await page.getByRole('region', { name: /Join$/ }).count(), 0, 'no Join step for imports');
  // Inferred types per column, in full.
  await stepRegion(page, 4).getByText('Nullable(Float64)', { exact: true }).waitFor();

  // A changed delimiter reloads the columns by itself.
  await page.getByLabel('Delimiter', { exact: true }).selectOption(';');
  await page.getByRole('checkbox', { name: 'id,name,score', exact: true }).waitFor();
  await shot(page, 'semicolon', 4);
  await page.getByLabel('Delimiter', { exact: true }).selectOption(',');
  await page.getByRole('checkbox', { name: 'score', exact: true }).waitFor();

  // Custom: quiet until something is typed.
  await page.getByLabel('Delimiter', { exact: true }).selectOption('custom');
  const custom = page.getByLabel('Custom delimiter');
  await custom.waitFor();
  checkEqual(await stepRegion(page, 3).getByText('Type exactly one character.').count(), 0, 'no error before typing');
  check((await custom.getAttribute('aria-invalid')) !== 'true', 'the empty field is not marked invalid');
  await shot(page, 'custom-empty', 3);
  await custom.fill('ab');
  await stepRegion(page, 3).getByText('Type exactly one character.').waitFor();
  await custom.fill(',');
  await page.getByRole('checkbox', { name: 'score', exact: true }).waitFor();
  await page.getByLabel('Delimiter', { exact: true }).selectOption(',');

  // The sniffer's suggestion: a semicolon file named .csv.
  writeFileSync(join(env.dataDir, 'semi.csv'), 'a;b;c\n1;2;3\n4;5;6\n7;8;9\n');
  await page.getByRole('button', { name: 'Refresh the file list' }).click();
  await page.getByLabel('File in the data directory').locator('option[value="semi.csv"]').waitFor({ state: 'attached' });
  await page.getByLabel('File in the data directory').selectOption('semi.csv');
  await env.skip.when(env.can.sniffer, 'the sniffed dialect in POST /api/file/schema (issue 11)', async () => {
    // Nothing chosen yet: the form shows what was detected.
    await eventually(async () => (await page.getByLabel('Delimiter', { exact: true }).inputValue()) === ';', { what: 'the detected delimiter in the form' });
    await page.getByRole('checkbox', { name: 'c', exact: true }).waitFor();
    // Choosing comma gets a warning with a one-click fix.
    await page.getByLabel('Delimiter', { exact: true }).selectOption(',');
    const warning = stepRegion(page, 3).locator('.sniff-warning');
    await warning.waitFor();
    await shot(page, 'sniff-warning', 3);
    await warning.getByRole('button', { name: /^Use semicolon/ }).click();
    checkEqual(await page.getByLabel('Delimiter', { exact: true }).inputValue(), ';', 'the fix sets the delimiter');
    await page.getByRole('checkbox', { name: 'c', exact: true }).waitFor();
  });

  // Uploads: a cancelled one is neutral; an existing name asks first.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
  await page.getByLabel('Upload a file').setInputFiles({ name: 'cancelled.csv', mimeType: 'text/csv', buffer: Buffer.alloc(3_000_000, 'x,y\n') });
  await page.getByRole('button', { name: 'Cancel upload' }).click();
  await stepRegion(page, 3).getByText('Upload of cancelled.csv cancelled; nothing was saved.').waitFor();
  checkEqual(await stepRegion(page, 3).getByRole('alert').count(), 0, 'a cancelled upload is no error');
  await shot(page, 'upload-cancelled', 3);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const original = readFileSync(join(env.dataDir, 'frict.csv'), 'utf8');
  const replacement = 'id,name,score\n10,x,1\n20,y,2\n';
  await page.getByLabel('Upload a file').setInputFiles({ name: 'frict.csv', mimeType: 'text/csv', buffer: Buffer.from(replacement) });
  const ask = stepRegion(page, 3).getByRole('alertdialog', { name: 'frict.csv already exists' });
  await ask.waitFor();
  checkEqual(await page.evaluate(() => document.activeElement?.textContent), 'Replace frict.csv', 'focus on the question');
  await shot(page, 'upload-exists', 3);
  await ask.getByRole('button', { name: 'Keep the existing file' }).click();
  checkEqual(readFileSync(join(env.dataDir, 'frict.csv'), 'utf8'), original, 'kept: the file is unchanged');
  await page.getByLabel('Upload a file').setInputFiles({ name: 'frict.csv', mimeType: 'text/csv', buffer: Buffer.from(replacement) });
  await ask.getByRole('button', { name: 'Replace frict.csv' }).click();
  await stepRegion(page, 3).getByText('Uploaded frict.csv').waitFor();
  checkEqual(readFileSync(join(env.dataDir, 'frict.csv'), 'utf8'), replacement, 'replaced: the new bytes are on disk');
  await env.skip.when(env.can.uploadConflict, 'the 409 of POST /api/files for an existing name', async () => {
    const response = await page.request.post(new URL('/api/files?name=frict.csv', env.url).toString(), { data: 'a\n1\n' });
    checkEqual(response.status(), 409, 'the server refuses to replace without ?replace=1');
    checkEqual(readFileSync(join(env.dataDir, 'frict.csv'), 'utf8'), replacement, 'the file is unchanged after the 409');
  });

  // The progress bar is full the moment the status says Completed.
  await page.getByRole('checkbox', { name: 'score', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('frict_t');
  await startButton(page).click();
  await waitForFinish(page);
  const bar = page.getByRole('progressbar', { name: 'Transfer progress' });
  const state = await bar.evaluate((el) => ({
    now: el.getAttribute('aria-valuenow'),
    text: el.getAttribute('aria-valuetext'),
    fill: el.firstElementChild.getBoundingClientRect().width / el.getBoundingClientRect().width,
  }));
  checkEqual(state.now, '100', 'aria-valuenow at Completed');
  checkEqual(state.text, 'Completed', 'aria-valuetext at Completed');
  check(state.fill > 0.99, `the bar is drawn full at Completed (${(state.fill * 100).toFixed(0)}%)`);
  await shot(page, 'completed', 7);
  checkEqual((await env.clickhouse.sql(`SELECT sum(id) FROM ${env.database}.frict_t`)).trim(), '30', 'the replaced file was loaded');
}

// Issue 15: a shared `ferry serve --auth token`. The sign-in screen (checked with axe), a wrong token,
// the printed `/?token=…` link, an import, the session ending by itself (sign-in comes back), Sign out — then the browser's Back (and Forward) button shows
// nothing private (no file, table or job), nothing is left in storage, and the API answers 401.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { startFerry } from '../lib/harness.mjs';
import { fillConnection, screenshots, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'issue 15: sign in with the printed token link, import, sign out, Back shows nothing private';

const kFile = 'payroll_2026_private.csv';
const kTable = 'payroll_private_import';
const kRows = 120;

function csv() {
  const lines = ['id,employee,salary'];
  for (let i = 1; i <= kRows; i += 1) lines.push(`${i},Employee ${i},${1000 + i * 10}`);
  return `${lines.join('\n')}\n`;
}

/** What must not be anywhere in the page (text or markup) once signed out. */
function privateWords(env) {
  return [kFile, kTable, env.database, 'orders', 'customers', 'Employee 1'];
}

async function leaks(page, env) {
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  return privateWords(env).filter((word) => html.includes(word));
}

/** GET of an API route from inside the page, with the page's cookies. */
async function apiStatus(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).status, path);
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p11-shared');
  const dataDir = join(env.tempDir, 'shared-data');
  mkdirSync(dataDir, { recursive: true });
  const ferry = await startFerry(env.root, {
    dataDir,
    webDir: join(env.root, 'web/dist'),
    args: ['--auth', 'token', '--clickhouse-allow', `127.0.0.1:${env.clickhouse.port}`],
  });
  try {
    // The link is printed on stdout, after the "serving" line.
    const link = await eventually(() => ferry.log().match(/(https?:\/\/\S+\/\?token=[^\s]+)/)?.[1], { what: 'the printed ?token= link' });
    const base = ferry.url;

    // Without the link: the sign-in screen, and nothing of the app behind it.
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    checkEqual(await page.getByRole('region', { name: /^Step 1:/ }).count(), 0, 'steps behind the sign-in screen');
    checkEqual(await apiStatus(page, '/api/jobs'), 401, 'GET /api/jobs before sign-in');
    const tokenField = page.getByLabel('Access token');
    checkEqual(await page.evaluate(() => document.activeElement?.id), 'sign-in-token', 'focus on the token field');

    // A wrong token says so, in an alert.
    await tokenField.fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await refused.waitFor();
    await shot(page, 'sign-in-refused');

    // The printed link signs in, and the token does not stay in the address bar.
    await page.goto(link);
    await page.getByText('Signed in with the access link').waitFor();
    check(!page.url().includes('token='), `the token left the address: ${page.url()}`);
    checkEqual(new URL(page.url()).pathname, '/', 'address after the link');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // An import, as in the local flow.
    await page.getByRole('radio', { name: 'File → ClickHouse' }).check();
    await fillConnection(page, { port: env.clickhouse.port, database: env.database, user: 'default', password: '' });
    await page.getByRole('button', { name: 'Connect' }).click();
    await stepRegion(page, 2).getByRole('cell', { name: 'orders', exact: true }).waitFor();
    const text = csv();
    await page.getByLabel('Upload a file').setInputFiles({ name: kFile, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await stepRegion(page, 3).getByText(`Uploaded ${kFile}`).waitFor({ timeout: 30_000 });
    await stepRegion(page, 4).getByText('3 of 3 columns selected').waitFor();
    await page.getByRole('combobox', { name: 'Target table' }).fill(kTable);
    await stepRegion(page, 6).getByText('will be created').waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();
    const final = await waitForFinish(page);
    check(final.includes('Completed'), `the import reads Completed, not "${final}"`);
    await page.getByRole('region', { name: 'Jobs' }).getByText(kTable).first().waitFor();
    await shot(page, 'signed-in-after-import');
    checkEqual((await env.clickhouse.sql(`SELECT count() FROM ${env.database}.${kTable}`)).trim(), String(kRows), 'rows in ClickHouse');
    // The upload landed in this user's own folder of the data directory, byte for byte.
    const found = execFileSync('find', [dataDir, '-name', kFile], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    checkEqual(found.length, 1, `one ${kFile} in the data directory`);
    checkEqual(readFileSync(found[0], 'utf8'), text, 'uploaded bytes on disk');

    // The session ends behind the page's back (expiry, another tab): the next API call brings sign-in
    // back, with the work gone from the page. The printed link signs in again.
    await page.evaluate(() => fetch('/api/session', { method: 'DELETE' }));
    await page.getByRole('button', { name: 'Refresh the job list' }).click();
    await page.getByRole('status').filter({ hasText: 'Your session ended' }).waitFor();
    checkEqual((await leaks(page, env)).join(', '), '', 'private words in the page after the session ended');
    await shot(page, 'session-ended');
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Sign out: the sign-in screen, with nothing of the work left in the page or in storage.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You have signed out' }).waitFor();
    checkEqual((await leaks(page, env)).join(', '), '', 'private words in the page after Sign out');
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ferry.')));
    checkEqual(stored.join(', '), '', 'Ferry keys left in localStorage');
    checkEqual(await apiStatus(page, '/api/jobs'), 401, 'GET /api/jobs after Sign out');
    await shot(page, 'signed-out');

    // Back: whatever the browser shows (its cache or a fresh load) has nothing private, and the API
    // still says 401 for this browser.
    await page.goBack();
    await page.waitForLoadState('load');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    checkEqual((await leaks(page, env)).join(', '), '', 'private words in the page after Back');
    for (const path of ['/api/jobs', '/api/files', '/api/session']) checkEqual(await apiStatus(page, path), 401, `GET ${path} after Back`);
    await shot(page, 'back-after-sign-out');
    await page.goForward();
    await page.waitForLoadState('load');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    checkEqual((await leaks(page, env)).join(', '), '', 'private words in the page after Forward');
  } finally {
    await ferry.stop();
  }
}

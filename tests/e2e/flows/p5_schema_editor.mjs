// Issue 12, problem 5: the schema before create (names, types, Nullable, skip, ORDER BY, PARTITION
// BY, engine) with the CREATE TABLE shown before Start; a mapping table for an existing table whose
// headers differ, with a type check per pair; replace mode. Full type texts are visible.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 5: schema editor with CREATE TABLE preview, column mapping, replace mode';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p5-schema');
  const sql = env.clickhouse.sql;
  const rows = ['Customer ID,Full Name,Signup Date,Score'];
  for (let i = 1; i <= 300; i += 1) rows.push(`${i},${i % 7 === 0 ? '' : `Name ${i}`},2024-${String((i % 12) + 1).padStart(2, '0')}-15,${i / 4}`);
  writeFileSync(join(env.dataDir, 'signups.csv'), `${rows.join('\n')}\n`);

  await startImport(page, env, 'signups.csv');
  await page.getByRole('checkbox', { name: 'Full Name', exact: true }).waitFor();
  // Full type texts: no badge is cut short.
  const cut = await page.locator('.type-badge').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  checkEqual(cut.length, 0, `type badges cut short (${cut.join(', ')})`);

  await page.getByRole('combobox', { name: 'Target table' }).fill('signups');
  check(await page.getByRole('radio', { name: /Create a new table/ }).isChecked(), 'a new table is created');
  const editor = stepRegion(page, 6).getByRole('table', { name: 'Columns of the new table' });
  await editor.waitFor();
  await page.getByRole('textbox', { name: 'Name of column Customer ID' }).fill('customer_id');
  await page.getByRole('combobox', { name: 'Type of column Customer ID' }).selectOption('UInt32');
  await page.getByRole('textbox', { name: 'Name of column Full Name' }).fill('full_name');
  await page.getByRole('checkbox', { name: 'Column Full Name is Nullable' }).check();
  await page.getByRole('textbox', { name: 'Name of column Signup Date' }).fill('signup_date');
  await page.getByRole('combobox', { name: 'Type of column Signup Date' }).selectOption('Date');
  await page.getByRole('checkbox', { name: 'Skip column Score' }).check();
  check(!(await page.getByRole('checkbox', { name: 'Score', exact: true }).isChecked()), 'skipping deselects the column in step 4');
  // ORDER BY: the first non-Nullable column is proposed; add signup_date after it.
  await stepRegion(page, 6).getByRole('listitem').filter({ hasText: 'customer_id' }).waitFor();
  await page.getByRole('combobox', { name: 'Add a column to ORDER BY' }).selectOption('signup_date');
  await page.getByLabel('PARTITION BY (optional)').fill('toYYYYMM(signup_date)');
  await page.getByLabel('Engine').selectOption('ReplacingMergeTree');

  await env.skip.when(env.can.createStatement, 'the CREATE TABLE preview (POST /api/clickhouse/create_statement)', async () => {
    const statement = page.getByRole('region', { name: 'CREATE TABLE statement' }).or(page.getByLabel('CREATE TABLE statement'));
    await statement.waitFor();
    const text = (await statement.textContent()) ?? '';
    for (const part of ['CREATE TABLE', 'customer_id', 'UInt32', 'Nullable(String)', 'signup_date', 'ReplacingMergeTree', 'PARTITION BY', 'ORDER BY']) {
      check(text.includes(part), `the statement shows ${part}: ${text}`);
    }
    check(!text.includes('Score'), 'the skipped column is not in the statement');
  });
  await shot(page, 'schema', 6);
  await startButton(page).click();
  const final = await waitForFinish(page);
  await shot(page, 'created', 7);
  check(final.includes('Completed'), `the import completes: "${final}"`);
  checkEqual((await sql(`SELECT count() FROM ${env.database}.signups`)).trim(), '300', 'rows in signups');
  await env.skip.when(env.can.createOptions, 'create options of POST /api/jobs (schema, order_by, partition_by, engine)', async () => {
    const columns = (await sql(`SELECT name, type FROM system.columns WHERE database = '${env.database}' AND table = 'signups' FORMAT TSV`)).trim();
    checkEqual(columns, 'customer_id\tUInt32\nfull_name\tNullable(String)\nsignup_date\tDate', 'columns of the created table');
    const create = await sql(`SHOW CREATE TABLE ${env.database}.signups FORMAT TSVRaw`);
    check(/ReplacingMergeTree/.test(create) && /PARTITION BY toYYYYMM\(signup_date\)/.test(create) && /ORDER BY \(customer_id, signup_date\)/.test(create), `engine, partition and order: ${create}`);
    checkEqual((await sql(`SELECT countIf(isNull(full_name)) FROM ${env.database}.signups`)).trim(), '42', 'empty names are NULL');
  });

  // An existing table whose column names differ: a mapping, by name first, then edited.
  await sql(`CREATE TABLE ${env.database}.members (id UInt32, name String, joined Date) ENGINE = MergeTree ORDER BY id`);
  await sql(`INSERT INTO ${env.database}.members VALUES (9001, 'old', '2020-01-01')`);
  writeFileSync(join(env.dataDir, 'members.csv'), 'ID,NAME,Joined On\n1,ann,2024-01-02\n2,bob,2024-02-03\n3,cy,2024-03-04\n');
  await page.getByRole('button', { name: 'Start a new transfer' }).click();
  await page.getByRole('button', { name: 'Connect' }).click();
  await stepRegion(page, 2).getByRole('cell', { name: 'members', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Refresh the file list' }).click();
  await page.getByLabel('File in the data directory').locator('option[value="members.csv"]').waitFor({ state: 'attached' });
  await page.getByLabel('File in the data directory').selectOption('members.csv');
  await page.getByRole('checkbox', { name: 'Joined On', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('members');
  check(await page.getByRole('radio', { name: /^Append/ }).isChecked(), 'an existing table is appended to');
  const mapping = stepRegion(page, 6).getByRole('table', { name: 'Column mapping' });
  await mapping.waitFor();
  checkEqual(await page.getByRole('combobox', { name: 'Table column for ID' }).inputValue(), 'id', 'ID pairs with id by name');
  checkEqual(await page.getByRole('combobox', { name: 'Table column for NAME' }).inputValue(), 'name', 'NAME pairs with name');
  checkEqual(await page.getByRole('combobox', { name: 'Table column for Joined On' }).inputValue(), '', 'Joined On has no pair yet');
  await page.getByRole('combobox', { name: 'Table column for Joined On' }).selectOption('joined');
  const idCheck = (await mapping.getByRole('row', { name: /^ID/ }).textContent()) ?? '';
  check(/Negative numbers do not fit UInt32|Types match|Numbers load/.test(idCheck), `a type check for ID: ${idCheck}`);
  await shot(page, 'mapping', 6);
  await startButton(page).click();
  await waitForFinish(page);
  await shot(page, 'mapped', 7);
  await env.skip.when(env.can.map, 'the column map of POST /api/jobs', async () => {
    checkEqual((await sql(`SELECT count() FROM ${env.database}.members`)).trim(), '4', 'rows in members after the append');
    checkEqual((await sql(`SELECT name FROM ${env.database}.members WHERE id = 2 AND joined = '2024-02-03' FORMAT TSV`)).trim(), 'bob', 'mapped values');
  });

  // Replace: the old rows go, atomically, once the new ones are in.
  await env.skip.when(env.can.replace && env.can.map, 'replace mode of POST /api/jobs', async () => {
    await page.getByRole('button', { name: 'Start a new transfer' }).click();
    await page.getByRole('combobox', { name: 'Table column for Joined On' }).selectOption('joined');
    await page.getByRole('radio', { name: /^Replace/ }).check();
    await stepRegion(page, 6).getByText(/will be replaced once the new ones are all in/).waitFor();
    await startButton(page).click();
    // Same file into the same table, but a replace cannot load it twice: no "Load it again" question.
    check((await waitForFinish(page)).includes('Completed'), 'replace completes');
    checkEqual((await sql(`SELECT count(), countIf(id = 9001) FROM ${env.database}.members FORMAT TSV`)).trim(), '3\t0', 'only the file rows are left');
    await shot(page, 'replaced', 7);
  });
}

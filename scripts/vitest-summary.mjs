// Runs the web app's unit tests (vitest) and prints "N passed, N failed" for scripts/test.sh.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const report = resolve('build/test-results/vitest.json');
mkdirSync(resolve('build/test-results'), { recursive: true });
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  cwd: 'web',
  stdio: 'inherit',
});
let passed = 0;
let failed = 1;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (run.status !== 0 && json.numFailedTests === 0 ? 1 : 0);
} catch (error) {
  console.error(`cannot read the vitest report: ${error.message}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

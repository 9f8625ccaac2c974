import { describe, expect, it } from 'vitest';
import type { Job } from '../../api';
import { fileCountText, manifestOf } from './manifest';

const job = (fields: Partial<Job>): Job => ({ id: 'j', status: 'completed', phase: 'Completed', rows: 0, bytes: 0, seconds: 1, ...fields });

describe('manifest', () => {
  it('lists the files beside the manifest, with their download paths', () => {
    const view = manifestOf(
      job({
        manifest_path: 'out/orders.manifest.json',
        manifest: {
          files: [
            { path: 'orders-00001.csv', rows: 10, bytes: 120, sha256: 'aa' },
            { path: 'orders-00002.csv', rows: 5, bytes: 60, sha256: 'bb' },
          ],
          rows: 15,
          bytes: 180,
        },
      }),
    );
    expect(view?.files.map((f) => f.path)).toEqual(['out/orders-00001.csv', 'out/orders-00002.csv']);
    expect(view?.files[1]).toMatchObject({ name: 'orders-00002.csv', rows: 5, bytes: 60, sha256: 'bb' });
    expect(view?.rows).toBe(15);
    expect(manifestOf(job({ manifest_path: 'o.manifest.json', manifest: { files: [{ path: 'o-00001.csv', rows: 2, bytes: 9, sha256: 'c' }] } }))?.files[0]?.path).toBe(
      'o-00001.csv',
    );
  });

  it('is absent until the export completed, and for an unsplit one', () => {
    expect(manifestOf(job({ manifest_path: 'o.manifest.json', status: 'running' }))).toBeNull();
    expect(manifestOf(job({}))).toBeNull();
  });

  it('says which file a job is on', () => {
    expect(fileCountText(job({ status: 'running', files_done: 2, files_total: 40 }))).toBe('file 3 of 40');
    expect(fileCountText(job({ status: 'running', files_done: 40, files_total: 40 }))).toBe('file 40 of 40');
    expect(fileCountText(job({ status: 'queued', files_done: 0, files_total: 3 }))).toBe('file 1 of 3');
    expect(fileCountText(job({ status: 'running', files_done: 0, files_total: 1 }))).toBeNull();
    expect(fileCountText(job({ status: 'running', files_done: 4, files_total: 0 }))).toBe('4 files written');
    expect(fileCountText(job({ status: 'completed', files_done: 40, files_total: 40 }))).toBe('40 files');
    expect(fileCountText(job({ status: 'failed', files_done: 7, files_total: 40 }))).toBe('7 of 40 files');
    expect(fileCountText(job({ status: 'completed', files_done: 1, files_total: 1 }))).toBeNull();
  });
});

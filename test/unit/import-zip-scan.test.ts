/** Issue 29.1: an XLSX archive is checked against its limits before anything parses it, declared sizes and actual. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../services/errors';
import { scanArchive, type ArchiveLimits } from '../../services/import-zip-scan';
import { spacesEntry, textEntry, xlsxBomb, zipArchive } from '../support/zip-bomb';

const MIB = 1024 * 1024;
const LIMITS: ArchiveLimits = { maxInflatedBytes: 50 * MIB, maxCompressionRatio: 200, maxArchiveEntries: 500 };
const refusalOf = (pending: Promise<unknown>) =>
  pending.then(
    () => null,
    (err: unknown) => err,
  );

describe('the archive pre-scan', () => {
  it('passes a real workbook, and a small archive of spaces', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Nhiệm vụ');
    for (let i = 0; i < 2000; i++) sheet.addRow([null, `Nhiệm vụ ${i}`, '', 'Bộ Công an', '', 'trước ngày 15/12/2026', 'x', '']);
    await expect(scanArchive(new Uint8Array(await wb.xlsx.writeBuffer()), LIMITS)).resolves.toBeUndefined();
    await expect(scanArchive(xlsxBomb(0), LIMITS)).resolves.toBeUndefined();
  });

  it('refuses an archive whose declared sizes pass the limit, before inflating it (413 naming the limit)', async () => {
    const bomb = xlsxBomb(3_900); // about 3.9 GiB of spaces in about 4 MB
    expect(bomb.byteLength).toBeLessThan(5 * MIB);
    const started = performance.now();
    const err = await refusalOf(scanArchive(bomb, LIMITS));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'too-large', slug: 'inflated-size', errors: [{ field: 'file' }] });
    expect((err as Error).message).toContain('IMPORT_MAX_INFLATED_BYTES=52428800');
  });

  it('refuses an entry that inflates too many times its compressed size, while it inflates', async () => {
    const err = await refusalOf(scanArchive(xlsxBomb(40), LIMITS));
    expect(err).toMatchObject({ kind: 'too-large', slug: 'compression-ratio' });
    expect((err as Error).message).toContain('IMPORT_MAX_COMPRESSION_RATIO=200');
  });

  it('counts the actual inflated bytes: an entry that lies about its size is stopped at the lie', async () => {
    // Declares 1,000 bytes, inflates to 2 GiB: declared checks pass, the count stops it within one chunk.
    const started = performance.now();
    const err = await refusalOf(scanArchive(xlsxBomb(2_048, 1_000), { ...LIMITS, maxCompressionRatio: 10_000 }));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(err).toMatchObject({ kind: 'unprocessable', slug: 'bad-archive' });
    expect((err as Error).message).toMatch(/more than the 1000 bytes it declares/);
  });

  it('adds up the entries: each under the limit, together over it', async () => {
    // Entries of 8 MiB each: 7 of them pass a 50 MiB limit one by one but not together.
    const entries = Array.from({ length: 7 }, (_, i) => spacesEntry(`xl/media/part${i}.xml`, 8));
    const err = await refusalOf(scanArchive(zipArchive(entries), { ...LIMITS, maxCompressionRatio: 10_000 }));
    expect(err).toMatchObject({ kind: 'too-large', slug: 'inflated-size' });
  });

  it('refuses too many entries, and answers a ZIP that is no archive as not a spreadsheet', async () => {
    const many = zipArchive(Array.from({ length: 12 }, (_, i) => textEntry(`f${i}.xml`, '<x/>')));
    expect(await refusalOf(scanArchive(many, { ...LIMITS, maxArchiveEntries: 10 }))).toMatchObject({
      kind: 'too-large',
      slug: 'archive-entries',
    });
    expect(await refusalOf(scanArchive(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), LIMITS))).toMatchObject({
      kind: 'invalid',
      slug: 'not-a-spreadsheet',
    });
  });
});

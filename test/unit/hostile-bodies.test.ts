/** The fuzz harness's hostile bodies are what they claim: a real archive bomb, a real many-entry archive. */
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { csvWithFormulaCells, xlsxZipBomb, zipOfManyEntries } from '../fuzz/hostile';

function entriesOf(zip: Buffer): Promise<{ name: string; size: number; packed: number }[]> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const found: { name: string; size: number; packed: number }[] = [];
      file.on('entry', (e: yauzl.Entry) => {
        found.push({ name: e.fileName, size: e.uncompressedSize, packed: e.compressedSize });
        file.readEntry();
      });
      file.on('end', () => resolve(found));
      file.on('error', reject);
      file.readEntry();
    }),
  );
}

describe('hostile bodies', () => {
  it('the XLSX bomb is a well-formed workbook archive whose sheet inflates a thousandfold', async () => {
    const zip = xlsxZipBomb(16);
    const sheet = (await entriesOf(zip)).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.size).toBe(16 * 1024 * 1024);
    expect(sheet.packed * 200).toBeLessThan(sheet.size);
    expect(zip.length).toBeLessThan(200 * 1024);
  });
  it('the many-entry archive lists every entry, and the CSV carries formula cells', async () => {
    expect((await entriesOf(zipOfManyEntries(2_000))).length).toBe(2_003);
    expect(csvWithFormulaCells().toString('utf8')).toContain("=cmd|' /C calc'!A0");
  });
});

/**
 * An XLSX archive checked before anything parses it (a zip bomb: a few MB that inflate to GB of XML): the entry
 * count, each entry's declared inflated size and ratio, and their total are refused past the limits; then every
 * entry is inflated once, its ACTUAL bytes counted as they stream (declared sizes can lie) and the inflation
 * stopped the moment a bound is passed. Nothing is kept: memory stays at one chunk per entry.
 */
import yauzl from 'yauzl';
import type { ImportLimits } from '../config/env';
import { DomainError, tooLarge } from './errors';

export type ArchiveLimits = Pick<ImportLimits, 'maxInflatedBytes' | 'maxCompressionRatio' | 'maxArchiveEntries'>;

/** Below this an entry's ratio is not judged: a small entry cannot cost much, and tiny ones compress oddly. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const notXlsx = (detail: string) => new DomainError('invalid', 'not-a-spreadsheet', detail, [{ field: 'file', reason: detail }]);
const badArchive = (reason: string) =>
  new DomainError('unprocessable', 'bad-archive', `the archive (XLSX or DOCX) is not valid: ${reason}`, [{ field: 'file', reason }]);
const inflatedTooLarge = (limits: ArchiveLimits, what: string) =>
  tooLarge(
    'inflated-size',
    'file',
    `${what}: the archive may inflate to at most ${limits.maxInflatedBytes} bytes (IMPORT_MAX_INFLATED_BYTES=${limits.maxInflatedBytes})`,
  );
const ratioTooLarge = (limits: ArchiveLimits, name: string, ratio: number) =>
  tooLarge(
    'compression-ratio',
    'file',
    `${name} inflates ${Math.round(ratio)} times its compressed size; at most ${limits.maxCompressionRatio} (IMPORT_MAX_COMPRESSION_RATIO=${limits.maxCompressionRatio})`,
  );

function openZip(bytes: Uint8Array, what: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      // Sizes are checked here, against the limits, rather than by yauzl against the declared ones.
      { lazyEntries: true, validateEntrySizes: false, strictFileNames: false },
      (err, zip) => (err || !zip ? reject(notXlsx(`the file is a ZIP archive but not an ${what}`)) : resolve(zip)),
    ),
  );
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (err: Error) => (cleanup(), reject(badArchive(err.message)));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Inflates one entry, counting its bytes; stops (and refuses) as soon as a bound is passed. */
function inflateCounting(zip: yauzl.ZipFile, entry: yauzl.Entry, limits: ArchiveLimits, before: number): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(badArchive(`${entry.fileName}: ${err?.message ?? 'cannot be read'}`));
      let inflated = 0;
      const stop = (refusal: DomainError) => {
        stream.destroy();
        reject(refusal);
      };
      stream.on('data', (chunk: Buffer) => {
        inflated += chunk.byteLength;
        if (before + inflated > limits.maxInflatedBytes) return stop(inflatedTooLarge(limits, `${entry.fileName} inflates past the limit`));
        if (inflated > entry.uncompressedSize)
          return stop(badArchive(`${entry.fileName} inflates to more than the ${entry.uncompressedSize} bytes it declares`));
        if (inflated > RATIO_FLOOR_BYTES && inflated / Math.max(1, entry.compressedSize) > limits.maxCompressionRatio)
          return stop(ratioTooLarge(limits, entry.fileName, inflated / Math.max(1, entry.compressedSize)));
      });
      stream.on('error', (e: Error) => reject(badArchive(`${entry.fileName}: ${e.message}`)));
      stream.on('end', () =>
        inflated === entry.uncompressedSize
          ? resolve(inflated)
          : reject(badArchive(`${entry.fileName} inflates to ${inflated} bytes but declares ${entry.uncompressedSize}`)),
      );
    });
  });
}

/** Refuses an archive past the limits (413 naming the limit), or one whose contents belie its directory (422). */
export async function scanArchive(bytes: Uint8Array, limits: ArchiveLimits, what = 'XLSX workbook'): Promise<void> {
  const zip = await openZip(bytes, what);
  try {
    if (zip.entryCount > limits.maxArchiveEntries) {
      throw tooLarge(
        'archive-entries',
        'file',
        `the archive has ${zip.entryCount} files; at most ${limits.maxArchiveEntries} (IMPORT_MAX_ARCHIVE_ENTRIES=${limits.maxArchiveEntries})`,
      );
    }
    // The declared sizes first, all of them, before a byte is inflated.
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      declared += entry.uncompressedSize;
      if (declared > limits.maxInflatedBytes) throw inflatedTooLarge(limits, `its files declare at least ${declared} bytes`);
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio)
        throw ratioTooLarge(limits, entry.fileName, ratio);
      if (entry.isEncrypted()) throw notXlsx(`the archive is encrypted: save the ${what} without a password`);
      entries.push(entry);
    }
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      inflated += await inflateCounting(zip, entry, limits, inflated);
    }
  } finally {
    zip.close();
  }
}

/**
 * Hostile XLSX archives for the import's tests, built in memory in milliseconds: a minimal zip writer, and a
 * sheet of spaces that inflates about 1000 times (one deflated MiB of spaces repeated: after a sync flush each
 * copy refers only to the spaces before it, so the copies concatenate into one valid deflate stream).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  /** Raw deflate data. */
  deflated: Buffer;
  /** The inflated size the archive declares (the truth, or a lie). */
  declaredSize: number;
  crc?: number;
}

/** A zip archive (deflate entries, no zip64) from already deflated entries. */
export function zipArchive(entries: ZipEntryInput[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(e.crc ?? 0, 14);
    local.writeUInt32LE(e.deflated.byteLength, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.byteLength, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc ?? 0, 16);
    central.writeUInt32LE(e.deflated.byteLength, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.byteLength + name.byteLength + e.deflated.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** An honest entry: the text deflated, its true size and CRC declared. */
export function textEntry(name: string, text: string): ZipEntryInput {
  return bytesEntry(name, Buffer.from(text, 'utf8'));
}

/** An honest entry of any bytes. */
export function bytesEntry(name: string, data: Buffer): ZipEntryInput {
  return { name, deflated: deflateRawSync(data, { level: 9 }), declaredSize: data.byteLength, crc: crc32(data) };
}

const MIB = 1024 * 1024;

/** `prefix`, then `spacesMiB` MiB of spaces, then `suffix`, as one deflate stream of about spacesMiB KB. */
export function spacesEntry(name: string, spacesMiB: number, prefix = '', suffix = '', declaredSize?: number): ZipEntryInput {
  const sync = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const spaces = deflateRawSync(Buffer.alloc(MIB, 0x20), sync);
  const parts = [deflateRawSync(Buffer.from(prefix), sync), ...Array<Buffer>(spacesMiB).fill(spaces), deflateRawSync(Buffer.from(suffix))];
  const size = Buffer.byteLength(prefix) + spacesMiB * MIB + Buffer.byteLength(suffix);
  return { name, deflated: Buffer.concat(parts), declaredSize: declaredSize ?? size };
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Nhiệm vụ" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

/**
 * An XLSX workbook whose sheet1.xml is `spacesMiB` MiB of spaces inside <sheetData> (about spacesMiB KB on the
 * wire); `declaredSize` makes the archive lie about the sheet's inflated size.
 */
export function xlsxBomb(spacesMiB: number, declaredSize?: number): Uint8Array {
  return zipArchive([
    textEntry('[Content_Types].xml', CONTENT_TYPES),
    textEntry('_rels/.rels', RELS),
    textEntry('xl/workbook.xml', WORKBOOK),
    textEntry('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    spacesEntry('xl/worksheets/sheet1.xml', spacesMiB, SHEET_START, SHEET_END, declaredSize),
  ]);
}

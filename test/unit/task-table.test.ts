/** The task table: columns, unit references with how they matched, rows → drafts with errors on their cells. */
import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import { REORGANISATIONS, UNITS } from '../../data/units';
import {
  canonicalRow,
  columnLetter,
  columnOfHeader,
  resolveUnitCell,
  rowToDraft,
  TASK_COLUMNS,
  columnHeader,
} from '../../domain/task-table';
import { expandGroup, type UnitGroup } from '../../domain/units';
import type { IsoDate } from '../../domain/dates';

const data = { units: UNITS, reorganisations: REORGANISATIONS };
const ctx = (issuedOn: IsoDate = '2024-05-06') => ({
  ...data,
  issuedOn,
  calendar: officialCalendar(),
  expandGroup: (g: UnitGroup, d: IsoDate) => expandGroup(UNITS, g, d),
});

describe('columns', () => {
  it('names each column in Vietnamese and English and reads either back', () => {
    expect(columnHeader(TASK_COLUMNS[1])).toBe('Tên nhiệm vụ / Task title');
    expect(columnOfHeader('Tên nhiệm vụ / Task title')).toBe('title');
    expect(columnOfHeader('ten nhiem vu')).toBe('title');
    expect(columnOfHeader('Deadline')).toBe('deadline');
    expect(columnOfHeader('Something else')).toBeUndefined();
    expect([columnLetter(0), columnLetter(25), columnLetter(26)]).toEqual(['A', 'Z', 'AA']);
  });
});

describe('unit references', () => {
  it('says how each unit matched: code, name, name without diacritics, reorganised, group', () => {
    const r = resolveUnitCell('bo-ca; Bộ Quốc phòng; Bo Tu phap; các tỉnh, thành phố', data, '2024-05-06');
    expect(r.errors).toEqual([]);
    expect(r.resolved.map((u) => [u.code ?? u.group, u.match])).toEqual([
      ['bo-ca', 'code'],
      ['bo-qp', 'name'],
      ['bo-tp', 'name_without_diacritics'],
      ['provinces', 'group'],
    ]);
    const after = resolveUnitCell('Bộ Thông tin và Truyền thông, Tỉnh Hà Giang', data, '2025-08-01');
    expect(after.resolved).toEqual([
      { input: 'Bộ Thông tin và Truyền thông', match: 'reorganised', code: 'bo-khcn', from: 'bo-tttt' },
      { input: 'Tỉnh Hà Giang', match: 'reorganised', code: 'tuyen-quang', from: 'ha-giang' },
    ]);
    expect(resolveUnitCell('các bộ, ngành', data, '2024-05-06').resolved[0]).toMatchObject({
      group: 'ministries_and_agencies',
      match: 'group',
    });
  });

  it('names what it does not know, and a unit that did not exist yet', () => {
    expect(resolveUnitCell('Bộ Công an; Bộ Phép thuật', data, '2024-05-06').errors).toEqual([
      '"Bộ Phép thuật" is not a unit, a unit code or a group in the directory',
    ]);
    expect(resolveUnitCell('Bộ Nông nghiệp và Môi trường', data, '2024-05-06').errors[0]).toMatch(/did not exist yet on 2024-05-06/);
  });
});

describe('a row', () => {
  it('becomes a draft: lead units as assignees, a group leads unit by unit, the deadline resolved with its rule', () => {
    const preview = rowToDraft(
      {
        title: 'Kiện toàn Ban Chỉ đạo',
        leadUnits: 'các bộ, ngành, địa phương',
        cooperatingUnits: 'Bộ Công an',
        deadline: 'trước ngày 10/5/2024',
        key: 'x',
      },
      ctx(),
    );
    expect(preview.errors).toEqual([]);
    expect(preview.deadline).toEqual({ text: 'trước ngày 10/5/2024', dueOn: '2024-05-10', rule: 'explicit_date' });
    expect(preview.draft).toMatchObject({
      assignees: { units: [], groups: ['all_ministries_agencies_localities'] },
      units: { lead: ['group:all_ministries_agencies_localities'], cooperating: ['bo-ca'] },
      coordinatingUnits: ['bo-ca'],
      dueOn: '2024-05-10',
      key: true,
    });
  });

  it('lists every error on its cell with the reason', () => {
    const letters = { title: 'B', leadUnits: 'D', deadline: 'F', key: 'G' } as const;
    const preview = rowToDraft(
      { title: '', leadUnits: 'Bộ Phép thuật', deadline: 'trước ngày 30/2/2024', key: 'maybe' },
      { ...ctx(), letters },
    );
    expect(preview.draft).toBeNull();
    expect(preview.errors.map((e) => [e.letter, e.column])).toEqual([
      ['B', 'title'],
      ['D', 'leadUnits'],
      ['F', 'deadline'],
      ['G', 'key'],
    ]);
    expect(preview.errors[2]!.reason).toMatch(/30\/2\/2024/);
    expect(preview.errors[2]!.header).toBe('Thời hạn / Deadline');
  });

  it('hashes the same content the same way whatever the spacing', () => {
    expect(canonicalRow({ title: 'A  b', leadUnits: 'bo-ca', deadline: 'x' })).toBe(
      canonicalRow({ title: 'A b', leadUnits: 'bo-ca ', deadline: 'x', id: 'other' }),
    );
  });
});

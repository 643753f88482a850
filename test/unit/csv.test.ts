/** Issue 29.3: the one CSV writer neutralises formula-like cells; the import refuses them after whitespace and controls. */
import { describe, expect, it } from 'vitest';
import { formulaLikeStart, neutralise, toCsv, unneutralise } from '../../domain/csv';

const ATTACKS = ['=HYPERLINK("http://x")', '=1+2', '+SUM(1+1)', '-2+3', '@SUM(1)', '\t=1+1', '\r=1+1', ' =1', '\u00a0=1', '\u0007@A1'];

describe('the CSV writer', () => {
  it('prefixes a single quote to every text cell a spreadsheet would run, tab and CR starts included', () => {
    for (const attack of ATTACKS) expect(neutralise(attack), JSON.stringify(attack)).toBe(`'${attack}`);
    expect(neutralise('- Bộ Công an chủ trì')).toBe("'- Bộ Công an chủ trì");
    expect(neutralise('\tplain')).toBe("'\tplain");
    for (const text of ['Bộ Công an', 'a=b', '1-2', "'quoted", '']) expect(neutralise(text)).toBe(text);
  });

  it('writes numbers as numbers, quotes what must be quoted, ends lines with CRLF, starts with a BOM', () => {
    expect(
      toCsv([
        ['a', -2, 3.5, true, null],
        ['=1+2', 'x,y', 'say "hi"', 'two\nlines'],
      ]),
    ).toBe('\uFEFFa,-2,3.5,true,\r\n\'=1+2,"x,y","say ""hi""","two\nlines"\r\n');
    expect(toCsv([['x;y', 'x,y', '-2+3']], { delimiter: ';', bom: false })).toBe('"x;y";x,y;\'-2+3\r\n');
  });

  it('reads its own neutralised cells back as they were', () => {
    for (const text of [...ATTACKS, '- Bộ Công an', "'quoted", 'plain']) expect(unneutralise(neutralise(text))).toBe(text);
  });
});

describe('the import check', () => {
  it('refuses formula-like starts after whitespace and control characters', () => {
    for (const attack of ATTACKS) expect(formulaLikeStart(attack), JSON.stringify(attack)).toBe(true);
    for (const attack of ['-SUM(1)', '-(1)', '-A1', '\r\n+1', '\u200b=1'])
      expect(formulaLikeStart(attack), JSON.stringify(attack)).toBe(true);
  });

  it('takes a Vietnamese bullet ("- " and text), a lone dash and text with signs inside', () => {
    for (const text of ['- Bộ Công an chủ trì', ' -\tBộ Tư pháp', '-', 'Bộ Công an', '1+1=2', 'a@b.vn', 'trước ngày 15/12/2026', ''])
      expect(formulaLikeStart(text), JSON.stringify(text)).toBe(false);
  });
});

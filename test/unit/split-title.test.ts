import { describe, expect, it } from 'vitest';
import { splitTitle } from '../../services/directives';
import { SEED_DIRECTIVES } from '../../seeds/directives';

describe('titles per language', () => {
  it('splits a glued "Vietnamese / English" title unless the English is given', () => {
    expect(splitTitle('Kết luận / Conclusions', undefined)).toEqual({ title: 'Kết luận', titleEn: 'Conclusions' });
    expect(splitTitle('Kết luận / 1', 'Given')).toEqual({ title: 'Kết luận / 1', titleEn: 'Given' });
    expect(splitTitle('Kết luận', undefined)).toEqual({ title: 'Kết luận', titleEn: undefined });
  });

  it('gives every seeded task a Vietnamese title and an English one', () => {
    for (const task of SEED_DIRECTIVES.flatMap((d) => d.tasks)) {
      expect(task.titleEn, task.id).toBeTruthy();
      expect(task.title, task.id).not.toBe(task.titleEn);
    }
  });
});

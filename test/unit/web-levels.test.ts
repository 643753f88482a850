import { describe, expect, it } from 'vitest';
import { nestLevels } from '../../web/levels';

const a = (workflowId: string, parentWorkflowId: string | null, unitCode = workflowId) => ({ workflowId, parentWorkflowId, unitCode });

describe('the task grid nests the levels under the rows', () => {
  it('keeps the top rows and puts every level below its row, depth first', () => {
    const rows = [a('ag', null), a('hn', null), a('ag-so', 'ag')];
    const below = [a('ag-so', 'ag'), a('ag-xa-2', 'ag', 'ag-xa-2'), a('ag-xa-1', 'ag'), a('ag-so-p1', 'ag-so')];
    const nested = nestLevels(rows, below);
    expect(nested.map((n) => n.row.workflowId)).toEqual(['ag', 'hn']);
    expect(nested[0]!.below.map((b) => [b.item.workflowId, b.depth])).toEqual([
      ['ag-so', 1],
      ['ag-so-p1', 2],
      ['ag-xa-1', 1],
      ['ag-xa-2', 1],
    ]);
    expect(nested[1]!.below).toEqual([]);
  });

  it('makes a row of an assignment whose parent the reader cannot see (a commune officer sees only its own)', () => {
    const nested = nestLevels([a('ag-xa-1', 'ag')], [a('ag-xa-1', 'ag')]);
    expect(nested.map((n) => n.row.workflowId)).toEqual(['ag-xa-1']);
  });
});

import { addDelta, contributionOf, emptyDelta, NO_CONTRIBUTION } from './keyword-contribution';

describe('keyword contributions', () => {
  const first = contributionOf([
    new Map([
      ['refund', 3],
      ['item', 1],
    ]),
    new Map([['refund', 1]]),
  ]);

  it('counts chunks per term and the total weighted length', () => {
    expect(first).toEqual({ chunks: 2, totalLength: 5, terms: { refund: 2, item: 1 } });
  });

  it('turns an update into the difference of the two versions, and a delete into a subtraction', () => {
    const updated = contributionOf([new Map([['deliveri', 2]])]);
    const delta = emptyDelta();
    addDelta(delta, first, updated);
    expect(delta).toEqual({
      chunks: -1,
      totalLength: -3,
      terms: new Map([
        ['deliveri', 1],
        ['refund', -2],
        ['item', -1],
      ]),
    });
    const deleted = emptyDelta();
    addDelta(deleted, updated, NO_CONTRIBUTION);
    expect(deleted).toEqual({ chunks: -1, totalLength: -2, terms: new Map([['deliveri', -1]]) });
  });

  it('leaves out terms whose count does not change', () => {
    const delta = emptyDelta();
    addDelta(delta, first, first);
    expect(delta).toEqual({ chunks: 0, totalLength: 0, terms: new Map() });
  });
});

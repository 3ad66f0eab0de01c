import { readAhead, textsWithAhead, type RenderedChunk } from './chunk-texts';

/** A stand-in for the Postgres read: records each read's ids; `absent` ids have no row (deleted). */
function reads(absent: string[] = []) {
  const calls: string[][] = [];
  const render = async (ids: string[]) => {
    calls.push(ids);
    return new Map(
      ids
        .filter((id) => !absent.includes(id))
        .map((id): [string, RenderedChunk] => [id, { chunkId: id, documentId: 'd', externalId: 'e', title: 't', headingPath: [], text: id }]),
    );
  };
  return { calls, render };
}

describe('textsWithAhead', () => {
  it('reads only the hits that were not read ahead', async () => {
    const { calls, render } = reads();
    const ahead = readAhead(render, ['a', 'b', 'c']);
    const texts = await textsWithAhead(render, ['b', 'x', 'a'], ahead);
    expect(calls).toEqual([['a', 'b', 'c'], ['x']]);
    expect([...texts.keys()].sort()).toEqual(['a', 'b', 'c', 'x']);
  });

  it('reads nothing more when every hit was read ahead', async () => {
    const { calls, render } = reads();
    await textsWithAhead(render, ['a'], readAhead(render, ['a', 'b']));
    expect(calls).toEqual([['a', 'b']]);
  });

  it('keeps a hit read ahead without a row absent (deleted meanwhile) rather than reading it again', async () => {
    const { calls, render } = reads(['b']);
    const texts = await textsWithAhead(render, ['a', 'b'], readAhead(render, ['a', 'b']));
    expect(calls).toEqual([['a', 'b']]);
    expect(texts.has('b')).toBe(false);
  });

  it('reads every hit again when the read-ahead failed, and reads them once without one', async () => {
    const { calls, render } = reads();
    let fail = true;
    const flaky = (ids: string[]) => (fail ? ((fail = false), Promise.reject(new Error('connection lost'))) : render(ids));
    const texts = await textsWithAhead(flaky, ['a', 'x'], readAhead(flaky, ['a']));
    expect(calls).toEqual([['a', 'x']]);
    expect(texts.size).toBe(2);
    await textsWithAhead(render, ['y']);
    expect(calls.at(-1)).toEqual(['y']);
  });
});

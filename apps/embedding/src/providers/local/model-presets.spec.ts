import { detectPreset, PRESETS, resolvePreset } from './model-presets';

describe('local model presets', () => {
  it.each([
    ['sentence-transformers/all-MiniLM-L6-v2', 'minilm'],
    ['Xenova/bge-small-en-v1.5', 'bge'],
    ['BAAI/bge-base-en-v1.5', 'bge'],
    ['intfloat/e5-small-v2', 'e5'],
    ['multilingual-e5-large', 'e5'],
    ['/models/e5-base', 'e5'],
    ['tiny-random-bert', 'minilm'],
    ['gte-small', 'minilm'],
  ])('detects %s as %s', (name, preset) => expect(detectPreset(name)).toBe(preset));

  it('pools and prefixes per family', () => {
    expect(PRESETS.minilm).toEqual({ pooling: 'mean', queryPrefix: '', passagePrefix: '' });
    expect(PRESETS.bge.pooling).toBe('cls');
    expect(PRESETS.bge.queryPrefix).toMatch(/^Represent this sentence/);
    expect(PRESETS.e5).toEqual({ pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' });
  });

  it('detects from the first name that says more than "generic", and lets settings override', () => {
    expect(resolvePreset(['my-space', '/models/bge-small'], { preset: 'auto' }).name).toBe('bge');
    expect(resolvePreset(['/models/bge-small'], { preset: 'e5' }).name).toBe('e5');
    expect(resolvePreset(['/models/bge-small'], { preset: 'auto', pooling: 'mean', queryPrefix: 'Q: ' })).toEqual({
      name: 'bge',
      pooling: 'mean',
      queryPrefix: 'Q: ',
      passagePrefix: '',
    });
  });
});

export type Pooling = 'mean' | 'cls';

/** How a sentence-embedding model family expects to be run: pooling and the text put before inputs. */
export interface ModelPreset {
  pooling: Pooling;
  queryPrefix: string;
  passagePrefix: string;
}

export type PresetName = 'minilm' | 'bge' | 'e5';

export const PRESETS: Record<PresetName, ModelPreset> = {
  /** sentence-transformers (all-MiniLM-L6-v2, mpnet…): mean pooling, symmetric, no prefixes. */
  minilm: { pooling: 'mean', queryPrefix: '', passagePrefix: '' },
  /** BAAI bge (v1.5): the [CLS] vector; queries carry an instruction, passages nothing. */
  bge: { pooling: 'cls', queryPrefix: 'Represent this sentence for searching relevant passages: ', passagePrefix: '' },
  /** intfloat e5: mean pooling, and it was trained with `query: ` / `passage: ` on every input. */
  e5: { pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' },
};

/** The family a model name belongs to; anything unrecognised is run like sentence-transformers. */
export function detectPreset(name: string): PresetName {
  const lower = name.toLowerCase();
  if (lower.includes('bge')) return 'bge';
  if (/(^|[^a-z0-9])(multilingual-)?e5([^a-z0-9]|$)/.test(lower)) return 'e5';
  return 'minilm';
}

export interface PresetOverrides {
  preset: PresetName | 'auto';
  pooling?: Pooling;
  queryPrefix?: string;
  passagePrefix?: string;
}

/** The preset (named, or detected from `names` in order), with any explicit setting on top. */
export function resolvePreset(names: string[], overrides: PresetOverrides): ModelPreset & { name: PresetName } {
  const name = overrides.preset === 'auto' ? (names.map(detectPreset).find((p) => p !== 'minilm') ?? 'minilm') : overrides.preset;
  const base = PRESETS[name];
  return {
    name,
    pooling: overrides.pooling ?? base.pooling,
    queryPrefix: overrides.queryPrefix ?? base.queryPrefix,
    passagePrefix: overrides.passagePrefix ?? base.passagePrefix,
  };
}

import { resolve, sep } from 'node:path';

// libs/testing/src (jest, from the sources) or dist/libs/testing/src (benchmarks run built).
const LIB_ROOT = resolve(__dirname, __dirname.split(sep).includes('dist') ? '../../../../libs/testing' : '..');

/**
 * A BERT with RANDOM weights (32 dims) and a real WordPiece tokenizer, in the repository:
 * it exercises the local ONNX embedding code, never retrieval quality (see its README.md).
 */
export const TINY_RANDOM_BERT_DIR = resolve(LIB_ROOT, 'fixtures/tiny-random-bert');

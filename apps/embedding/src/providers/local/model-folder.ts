import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files transformers.js needs in a local model folder (the layout of the Hub's ONNX repos). */
export function modelFileFor(dtype: 'fp32' | 'q8'): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Why `dir` cannot hold a loadable model, or undefined when it looks complete. */
export function modelFolderProblem(dir: string, dtype: 'fp32' | 'q8'): string | undefined {
  if (!existsSync(dir)) return `model folder "${dir}" does not exist`;
  if (!statSync(dir).isDirectory()) return `"${dir}" is not a folder`;
  const missing = ['config.json', 'tokenizer.json', modelFileFor(dtype)].filter((file) => !existsSync(join(dir, file)));
  return missing.length ? `model folder "${dir}" lacks ${missing.join(', ')}` : undefined;
}

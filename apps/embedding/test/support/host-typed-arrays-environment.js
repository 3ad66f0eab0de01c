// Jest's node environment gives each test file its own typed-array constructors, but
// onnxruntime-node (native) builds its tensors with the host's: its `instanceof
// Float32Array` checks then fail inside Jest ("A float32 tensor's data must be type of
// Float32Array"). This environment hands the test files the host's constructors.
const { TestEnvironment } = require('jest-environment-node');

const TYPED = [
  'ArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class HostTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED) this.global[name] = globalThis[name];
  }
}

module.exports = HostTypedArraysEnvironment;

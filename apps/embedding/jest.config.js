module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'embedding',
  rootDir: __dirname,
  // The local ONNX tier runs onnxruntime-node, which needs the host's typed arrays.
  testEnvironment: '<rootDir>/test/support/host-typed-arrays-environment.js',
};

module.exports = require('../../jest.preset.js').project(__dirname, {
  // The local ONNX tier runs onnxruntime-node, which needs the host's typed arrays.
  testEnvironment: `${__dirname}/test/support/host-typed-arrays-environment.js`,
});

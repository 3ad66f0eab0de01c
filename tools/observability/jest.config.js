module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'observability-config',
  rootDir: __dirname,
};

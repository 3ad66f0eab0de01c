module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'widget',
  rootDir: __dirname,
};

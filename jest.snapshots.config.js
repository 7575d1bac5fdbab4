/**
 * Jest for refreshing the snapshots that hold pinned versions after an update (Renovate's
 * post-upgrade step): the suite's settings without its check for the external programs, which
 * the snapshot tests do not run and an update bot's container does not have.
 */
const { globalSetup: _toolsCheck, ...settings } = require('./jest.config.js');

module.exports = settings;

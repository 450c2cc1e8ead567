// CommonJS stand-in for the ESM-only uuid, used by office-addin-mock under jest.
const { randomUUID } = require('node:crypto');
module.exports = { v4: () => randomUUID() };

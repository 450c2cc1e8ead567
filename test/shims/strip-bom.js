// CommonJS stand-in for the ESM-only strip-bom, used by office-addin-mock under jest.
module.exports = function stripBom(text) {
  return typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};
module.exports.default = module.exports;

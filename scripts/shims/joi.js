// See README.md: mailauth's SPF path uses joi for two checks only — a domain name is well formed
// (`Joi.string().domain()`), and a DKIM key is base64 (`Joi.string().base64()`, not on our path).
'use strict';
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
function isDomain(value) {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) return false;
  const labels = value.replace(/\.$/, '').split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l));
}
function isBase64(value) {
  return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}
function schema(test, what) {
  return {
    validate(value) {
      return test(value) ? { value } : { value, error: new Error(`"value" must be a valid ${what}`) };
    },
  };
}
module.exports = {
  string() {
    return {
      domain: () => schema(isDomain, 'domain name'),
      base64: () => schema(isBase64, 'base64 string'),
    };
  },
};

export { DKIM_CODES, RSA_GOOD_BITS, RSA_MIN_BITS, checkDkimKeys, dkimFindings, type DkimCheckOptions } from './check';
export { describeDomainKey, recordsFor } from './describe';
export { type DomainKeyEntry, type LineSpan, type Scope, type SourceHostEntry, domainKeyEntries, parseDomainKey, sourceHostEntries } from './entries';
export { type DkimKey, type KeyInspection, inspectKey } from './keyFile';
export { KeyStore, type KeyState } from './keyStore';
export { expandDomains } from './macros';
export { type KeyPathResolver, defaultKeyPaths, localConfigDir, mappedKeyPaths } from './paths';
export { type DkimRecord, TXT_STRING_MAX, compareDkimRecord, dkimRecord, dkimRecordValue, parseDkimTags, splitTxt } from './record';

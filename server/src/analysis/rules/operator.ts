import type { Rule } from './context';
import { accountingRule } from './accounting';
import { anchoredAddressPatternRule } from './anchoredAddressPattern';
import { authFailureLimitRule } from './authFailureLimit';
import { backoffExitRule } from './backoffExit';
import { backoffRatesRule } from './backoffRates';
import { bounceCategoriesRule } from './bounceCategories';
import { catchAllDeliveryRule } from './catchAllDelivery';
import { coldVmtaRule } from './coldVmta';
import { contentLoggingRule } from './contentLogging';
import { csrfOffRule } from './csrfOff';
import { disabledIpRule } from './disabledIpNeverReenabled';
import { dkimIdentityRule } from './dkimIdentity';
import { dkimKeyNamesRule } from './dkimKeyNames';
import { dkimKeysUnusedRule } from './dkimKeysUnused';
import { dkimKeyUnreadableRule } from './dkimKeyUnreadable';
import { dkimSha1Rule } from './dkimSha1';
import { dkimSignWithoutKeyRule } from './dkimSignWithoutKey';
import { dkimWildcardFirstRule } from './dkimWildcardFirst';
import { heloNameRule } from './heloName';
import { ipHostnameRule } from './ipHostnameConflict';
import { macroDuplicatesRule } from './macroDuplicates';
import { messageSizeRule } from './messageSize';
import { publicVmtaSelectionRule } from './publicVmtaSelection';
import { oldTlsRule } from './oldTls';
import { passwordsRule } from './passwords';
import { plainAuthRule } from './plainAuth';
import { plaintextHttpRule } from './plaintextHttp';
import { privateSourceIpRule } from './privateSourceIp';
import { processorsRule } from './processors';
import { processorRelayRule } from './processorRelay';
import { providerConnectionsRule } from './providerConnections';
import { publicMonitorRule } from './publicMonitor';
import { replyActionsRule } from './replyActions';
import { replyPatternsRule } from './replyPatterns';
import { unusedPatternListRule } from './unusedPatternList';
import { unusedSourceRule } from './unusedSource';
import { requiredGlobalsRule } from './requiredGlobals';
import { longQueueLifetimeRule, retryScheduleRule } from './retrySchedule';
import { rootWithRemoteHttpRule } from './rootWithRemoteHttp';
import { shadowedHttpAccessRule } from './shadowedHttpAccess';
import { smtpHostsLoopRule } from './smtpHostsLoop';
import { sourceIpListenersRule } from './sourceIpListeners';
import { starttlsRule } from './starttls';
import { starttlsOffRule } from './starttlsOff';
import { unescapedDotRule } from './unescapedDot';
import { vmtaSourceHostRule } from './vmtaSourceHost';
import { worldReadableRule } from './worldReadable';

/**
 * The operator's checklist (issue 8, from MISCONFIG.md): security, identity, DKIM, throttling,
 * reply rules, accounting, processors and required settings. They share the analyzer's
 * `ConfigIndex` (configIndex.ts), so each rule looks up what it needs instead of rescanning the
 * file, and they declare what they read (`reads`, or block rules), so an edit re-runs only the
 * rules, and the blocks, it can affect.
 */
export const OPERATOR_RULES: readonly Rule[] = [
  // security and relay control
  publicMonitorRule,
  shadowedHttpAccessRule,
  rootWithRemoteHttpRule,
  plaintextHttpRule,
  csrfOffRule,
  plainAuthRule,
  authFailureLimitRule,
  passwordsRule,
  oldTlsRule,
  contentLoggingRule,
  messageSizeRule,
  publicVmtaSelectionRule,
  worldReadableRule,
  // identity
  heloNameRule,
  ipHostnameRule,
  privateSourceIpRule,
  sourceIpListenersRule,
  // DKIM
  dkimSha1Rule,
  dkimSignWithoutKeyRule,
  dkimKeysUnusedRule,
  dkimWildcardFirstRule,
  dkimKeyUnreadableRule,
  dkimKeyNamesRule,
  dkimIdentityRule,
  // pattern lists
  anchoredAddressPatternRule,
  unescapedDotRule,
  // throttling, backoff, routing
  providerConnectionsRule,
  backoffExitRule,
  backoffRatesRule,
  longQueueLifetimeRule,
  retryScheduleRule,
  coldVmtaRule,
  catchAllDeliveryRule,
  smtpHostsLoopRule,
  starttlsRule,
  starttlsOffRule,
  // reply rules
  replyActionsRule,
  disabledIpRule,
  replyPatternsRule,
  unusedPatternListRule,
  unusedSourceRule,
  // accounting and processors
  accountingRule,
  processorsRule,
  processorRelayRule,
  bounceCategoriesRule,
  // required settings and hygiene
  requiredGlobalsRule,
  vmtaSourceHostRule,
  macroDuplicatesRule,
];

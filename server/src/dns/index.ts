export { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, DnsClient, type DnsClientOptions, DnsError, parseDnsServer, reverseName } from './client';
export { DNS_CODES, type DnsCheckOptions, type DnsReport, checkDns } from './check';
export { type DnsPlan, planDnsChecks } from './plan';

/** Local Valkey runners (standalone and TLS cluster) for `npm start` and the test harness. */
export { findValkeyCli, findValkeyServer, VALKEY_INSTALL_HELP } from './find-binary.ts';
export { startValkeyStandalone } from './standalone.ts';
export type { StandaloneOptions, ValkeyServer } from './standalone.ts';
export { startValkeyCluster } from './cluster.ts';
export type { ClusterNode, ClusterOptions, NodeAddress, ValkeyCluster } from './cluster.ts';
export { generateTestCertificates } from './test-ca.ts';
export type { TestCertificates } from './test-ca.ts';

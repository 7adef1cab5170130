/** The evidence readers and the routing table for modern Windows (issue 13): what the playbook seam calls. */
export { SIGNATURES, type Evidence, type EvidenceSource } from './evidence.js';
export { findEvidenceFiles, isModernWindows, type EvidenceFiles } from './layout.js';
export { readEvidence, type EvidenceOptions, type EvidenceTrace } from './read-evidence.js';
export { route, routeOf, type Routing } from './route.js';
export { ROUTES, ORDER_WHY, type PlaybookId, type Route } from './routes.js';
export { loggedAfter } from './logged-after.js';

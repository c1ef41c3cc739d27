/**
 * How the TLS front ends (tls.ts) tell the mock which client certificate a request came with: they drop any
 * such header a client sent and set it on every request that arrived over TLS — the SHA-256 fingerprint of a
 * certificate the local CA issued, or `none`. Requests on the plain listener carry no such header (the pay
 * host's merchants are then found by mch_id alone).
 */
export const CLIENT_CERT_HEADER = 'x-wecom-mock-client-cert';

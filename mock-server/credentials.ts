import type { components } from '../spec/generated/openapi.js';

/** Everything a client needs to talk to one mock corp (spec: CorpCredentials). */
export type CorpCredentials = components['schemas']['CorpCredentials'];

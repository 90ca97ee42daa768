import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import clrContext from './contexts/clr-v2p0-2.0.1.json';
import credentialsV2 from './contexts/credentials-v2.json';
import dataIntegrityV1 from './contexts/data-integrity-v1.json';
import openBadgesContext from './contexts/ob-v3p0-3.0.3.json';

/**
 * eddsa-rdfc-2022 Data Integrity proofs (W3C VC Data Integrity EdDSA Cryptosuites) for the
 * JSON form of credentials. Canonicalising JSON-LD needs every context a document names; they
 * are kept here, copied from the publishers, so signing never reaches the network.
 */
export const OFFLINE_CONTEXTS: Record<string, unknown> = {
  'https://www.w3.org/ns/credentials/v2': credentialsV2,
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': openBadgesContext,
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json': clrContext,
  'https://w3id.org/security/data-integrity/v1': dataIntegrityV1,
};

export type DocumentLoader = (url: string) => Promise<{
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}>;

/** Resolves the kept contexts, plus `extra` documents (e.g. a verification key), and nothing else. */
export function offlineDocumentLoader(extra: Record<string, unknown> = {}): DocumentLoader {
  return async (url: string) => {
    const document = OFFLINE_CONTEXTS[url] ?? extra[url];
    if (document === undefined) throw new Error(`${url} is not available offline.`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** The Ed25519 private JWK as a Multikey key pair named `keyId`, controlled by `controller`. */
async function keyPairFromJwk(jwk: { x?: string; d?: string }, keyId: string, controller: string) {
  const keyPair = await Ed25519Multikey.fromJwk({
    jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d },
    secretKey: true,
    id: keyId,
    controller,
  });
  return keyPair;
}

/** The Multikey form of an Ed25519 public JWK, as a verification method document. */
export async function multikeyDocument(jwk: { x: string }, keyId: string, controller: string) {
  const keyPair = await Ed25519Multikey.fromJwk({
    jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    id: keyId,
    controller,
  });
  return keyPair.export({ publicKey: true, includeContext: true });
}

/**
 * The document with an embedded `proof` (DataIntegrityProof, eddsa-rdfc-2022,
 * assertionMethod) made with the issuer's Ed25519 key; `created` is the credential's validFrom
 * so the same credential always carries the same proof date.
 */
export async function addDataIntegrityProof<T extends object>(
  document: T,
  key: { privateJwk: { x?: string; d?: string }; keyId: string; controller: string; created: Date },
): Promise<T & { proof: unknown }> {
  const keyPair = await keyPairFromJwk(key.privateJwk, key.keyId, key.controller);
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: eddsaRdfc2022,
    date: key.created,
  });
  const signed = await jsigs.sign(structuredClone(document), {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: offlineDocumentLoader(),
  });
  // the OB 3.0 and CLR 2.0 schemas take `proof` as an array
  return { ...signed, proof: [signed.proof] };
}

/**
 * Checks an embedded eddsa-rdfc-2022 proof with the verification method the issuer publishes
 * and the list of methods its profile authorises (`assertionMethod`).
 */
export async function verifyDataIntegrityProof(
  document: object,
  issuer: { id: string; assertionMethod: string[]; methods: Record<string, unknown> },
): Promise<{ verified: boolean; error?: string }> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const result = await jsigs.verify(structuredClone(document), {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose({
      controller: { id: issuer.id, assertionMethod: issuer.assertionMethod },
    }),
    documentLoader: offlineDocumentLoader(issuer.methods),
  });
  const error = result.error?.errors?.[0]?.message ?? result.error?.message;
  return { verified: result.verified === true, ...(error ? { error: String(error) } : {}) };
}

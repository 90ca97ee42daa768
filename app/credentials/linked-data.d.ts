// the Data Integrity libraries ship JavaScript without type declarations; these name what is used
declare module '@digitalbazaar/ed25519-multikey' {
  interface Ed25519KeyPair {
    id: string;
    controller: string;
    signer(): unknown;
    export(options: { publicKey?: boolean; includeContext?: boolean }): Promise<{
      id: string;
      type: 'Multikey';
      controller: string;
      publicKeyMultibase: string;
    }>;
  }
  export function fromJwk(options: {
    jwk: { kty: 'OKP'; crv: 'Ed25519'; x?: string; d?: string };
    secretKey?: boolean;
    id?: string;
    controller?: string;
  }): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}

declare module 'jsonld-signatures' {
  interface VerifyResult {
    verified: boolean;
    error?: { message?: string; errors?: { message?: string }[] };
  }
  const jsigs: {
    sign<T>(
      document: T,
      options: { suite: unknown; purpose: unknown; documentLoader: unknown },
    ): Promise<T & { proof: unknown }>;
    verify(
      document: object,
      options: { suite: unknown; purpose: unknown; documentLoader: unknown },
    ): Promise<VerifyResult>;
    purposes: {
      AssertionProofPurpose: new (options?: { controller?: object }) => unknown;
    };
  };
  export default jsigs;
}

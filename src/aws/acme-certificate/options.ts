/** Key type of the certificate's private key. */
export enum AcmeKeyType {
  /** ECDSA P-256: small and fast; accepted by ACM, ALB, CloudFront and API Gateway. */
  EC_P256 = 'ec256',
  /** ECDSA P-384: accepted by ACM and ALB, not by CloudFront. */
  EC_P384 = 'ec384',
  /** RSA 2048 bits: for clients without ECDSA support. */
  RSA_2048 = 'rsa2048',
  /** RSA 3072 bits. */
  RSA_3072 = 'rsa3072',
  /** RSA 4096 bits. */
  RSA_4096 = 'rsa4096',
}

/** Which CA certificates follow the leaf in ACM's chain, or in the secret's `chain` and `fullchain`. */
export enum ChainContent {
  /** Every intermediate the CA sent (what most servers and clients expect). */
  FULL_CHAIN = 'full',
  /** Only the intermediate that signed the leaf: drops cross-signed extras for clients that reject long chains. */
  ISSUER_ONLY = 'issuer',
  /** The leaf alone, for clients that already hold the intermediates. */
  LEAF_ONLY = 'leaf',
}

/** A self-signed issuer: each certificate signs itself (typically to bootstrap a CA certificate). */
export interface SelfSignedIssuerProps {
  /** CRL distribution points written into issued certificates. @default - none */
  readonly crlDistributionPoints?: string[];
}

/** A CA issuer that signs with a key pair stored in a Kubernetes Secret. */
export interface CaIssuerProps {
  /** Secret (type `kubernetes.io/tls`) holding the CA's certificate and private key. */
  readonly secretName: string;
  /** CRL distribution points written into issued certificates. @default - none */
  readonly crlDistributionPoints?: string[];
  /** OCSP responder URLs written into issued certificates. @default - none */
  readonly ocspServers?: string[];
  /** URLs of the issuing CA certificate (Authority Information Access). @default - none */
  readonly issuingCertificateUrls?: string[];
}

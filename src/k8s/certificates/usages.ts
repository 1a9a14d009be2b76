/** Key usages and extended key usages a certificate may request. */
export enum KeyUsage {
  SIGNING = 'signing',
  DIGITAL_SIGNATURE = 'digital signature',
  CONTENT_COMMITMENT = 'content commitment',
  KEY_ENCIPHERMENT = 'key encipherment',
  KEY_AGREEMENT = 'key agreement',
  DATA_ENCIPHERMENT = 'data encipherment',
  CERT_SIGN = 'cert sign',
  CRL_SIGN = 'crl sign',
  ENCIPHER_ONLY = 'encipher only',
  DECIPHER_ONLY = 'decipher only',
  ANY = 'any',
  SERVER_AUTH = 'server auth',
  CLIENT_AUTH = 'client auth',
  CODE_SIGNING = 'code signing',
  EMAIL_PROTECTION = 'email protection',
  S_MIME = 's/mime',
  IPSEC_END_SYSTEM = 'ipsec end system',
  IPSEC_TUNNEL = 'ipsec tunnel',
  IPSEC_USER = 'ipsec user',
  TIMESTAMPING = 'timestamping',
  OCSP_SIGNING = 'ocsp signing',
  MICROSOFT_SGC = 'microsoft sgc',
  NETSCAPE_SGC = 'netscape sgc',
}

/** Signature algorithm of the issued certificate; it must fit the private key's algorithm. */
export enum CertificateSignatureAlgorithm {
  SHA256_WITH_RSA = 'SHA256WithRSA',
  SHA384_WITH_RSA = 'SHA384WithRSA',
  SHA512_WITH_RSA = 'SHA512WithRSA',
  ECDSA_WITH_SHA256 = 'ECDSAWithSHA256',
  ECDSA_WITH_SHA384 = 'ECDSAWithSHA384',
  ECDSA_WITH_SHA512 = 'ECDSAWithSHA512',
  PURE_ED25519 = 'PureEd25519',
}

/** Extra encodings of key and chain written into the Secret. */
export enum AdditionalOutputFormat {
  /** `tls-combined.pem`: the private key followed by the chain, for proxies that want one file. */
  COMBINED_PEM = 'CombinedPEM',
  /** `key.der`: the private key in DER. */
  DER = 'DER',
}

// The rate-limit figures the budget checks against: the one place they are written down.
//
// Read on 2026-12-01 from Let's Encrypt's pages, in the letsencrypt/website repository at commit b89871e
// (2026-08-21): https://letsencrypt.org/docs/rate-limits/ (last modified 2026-08-05) and
// https://letsencrypt.org/docs/staging-environment/#rate-limits (last modified 2026-04-10).
// - Production: New Orders per Account 300 per 3 hours; New Certificates per Registered Domain 50 per 7 days
//   (global: every account's orders count); New Certificates per Exact Set of Identifiers 5 per 7 days (global);
//   up to 100 identifiers per certificate "depending on the certificate profile".
// - Staging: "the same rate limits ... but with different values": New Orders per Account 1500 per 3 hours, New
//   Certificates per Exact Set of Identifiers 30000 per week, New Certificates per Registered Domain 30000 (the page
//   says "per second", which reads as a slip for the week its earlier versions and the production limit use; a week
//   is the stricter reading, so the budget uses it). Names per certificate: not listed, so production's 100.
import { LETS_ENCRYPT_PRODUCTION_DIRECTORY, LETS_ENCRYPT_STAGING_DIRECTORY } from '../../common/acme-directories';

/**
 * The ACME rate limits a fresh install of an app is checked against.
 *
 * @see https://letsencrypt.org/docs/rate-limits/
 */
export interface AcmeRateLimits {
  /**
   * New certificates per registered domain (Public Suffix List) per week, whichever account orders them.
   * @default - no check of this limit
   */
  readonly certificatesPerRegisteredDomainPerWeek?: number;
  /**
   * New orders per ACME account per 3 hours.
   * @default - no check of this limit
   */
  readonly ordersPerAccountPer3Hours?: number;
  /**
   * Certificates per exact set of names (case and order ignored) per week, whichever account orders them.
   * @default - no check of this limit
   */
  readonly certificatesPerExactSetPerWeek?: number;
  /**
   * Names (DNS names and IP addresses) in one certificate.
   * @default - no check of this limit
   */
  readonly namesPerCertificate?: number;
}

/** Rate limits of an ACME CA other than Let's Encrypt, or raised limits Let's Encrypt granted. */
export interface CaRateLimits {
  /**
   * Directory URL of the CA, as the issuers' `spec.acme.server` has it (host compared case-insensitively, a
   * trailing `/` ignored).
   */
  readonly directoryUrl: string;
  /**
   * Its limits.
   *
   * A limit left out keeps the known figure for a Let's Encrypt directory and is not checked otherwise.
   */
  readonly limits: AcmeRateLimits;
}

/**
 * Raised limits of one ACME account (Let's Encrypt grants overrides per account), found by the Secret that holds
 * its key (`spec.acme.privateKeySecretRef.name` of the issuers that use it).
 */
export interface AccountRateLimits {
  /** Directory URL of the CA the account belongs to. */
  readonly directoryUrl: string;
  /** Name of the Secret holding the account key. */
  readonly accountKeySecretName: string;
  /**
   * Its limits.
   *
   * A limit left out keeps the CA's. Only per-account limits apply: orders per 3 hours.
   */
  readonly limits: AcmeRateLimits;
}

/** Let's Encrypt's published rate limits, with where and when they were read. */
export class LetsEncryptRateLimits {
  /** The page the figures come from. */
  public static readonly SOURCE = 'https://letsencrypt.org/docs/rate-limits/';
  /** The page the staging figures come from. */
  public static readonly STAGING_SOURCE = 'https://letsencrypt.org/docs/staging-environment/#rate-limits';
  /** The day the figures were read (ISO 8601). */
  public static readonly READ_ON = '2026-12-01';

  /** Production: publicly trusted certificates, strict limits. */
  public static readonly PRODUCTION: AcmeRateLimits = {
    certificatesPerRegisteredDomainPerWeek: 50,
    ordersPerAccountPer3Hours: 300,
    certificatesPerExactSetPerWeek: 5,
    namesPerCertificate: 100,
  };

  /** Staging: untrusted certificates, far higher limits (the same names per certificate). */
  public static readonly STAGING: AcmeRateLimits = {
    certificatesPerRegisteredDomainPerWeek: 30_000,
    ordersPerAccountPer3Hours: 1_500,
    certificatesPerExactSetPerWeek: 30_000,
    namesPerCertificate: 100,
  };

  /** The directory URLs these limits apply to. */
  public static readonly PRODUCTION_DIRECTORY = LETS_ENCRYPT_PRODUCTION_DIRECTORY;
  /** The staging directory URL. */
  public static readonly STAGING_DIRECTORY = LETS_ENCRYPT_STAGING_DIRECTORY;

  private constructor() {}
}

// Construct-time checks of AcmeCertificate's props: each failure is one line naming the prop and the fix.
import { Stack, Token } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { AcmeCertificateAuthority } from './certificate-authority';
import { AcmeKeyType } from './options';
import { invalid } from '../../common/errors';
import { isDnsName, isEmail } from '../../common/names';

/** Let's Encrypt's limit of names per certificate. */
const MAX_NAMES = 100;

export function checkDomainNames(scope: Construct, domainNames: string[]): string[] {
  if (domainNames.length === 0) invalid(scope, 'domainNames', 'is empty', 'give at least one name, e.g. [\'example.com\', \'*.example.com\']');
  if (domainNames.length > MAX_NAMES) invalid(scope, 'domainNames', `has ${domainNames.length} names`, `split them into certificates of at most ${MAX_NAMES} names`);
  const seen = new Set<string>();
  return domainNames.map((name, i) => {
    if (Token.isUnresolved(name)) return name;
    const lower = name.toLowerCase().replace(/\.$/, '');
    if (!isDnsName(lower)) invalid(scope, `domainNames[${i}]`, `'${name}' is not a DNS name`, 'use lower-case letters, digits, \'-\' and \'.\', optionally with a leading \'*.\'');
    if (seen.has(lower)) invalid(scope, `domainNames[${i}]`, `'${name}' is listed twice`, 'list each name once');
    seen.add(lower);
    return lower;
  });
}

export function checkEmail(scope: Construct, email: string | undefined): void {
  if (email !== undefined && !Token.isUnresolved(email) && !isEmail(email)) {
    invalid(scope, 'email', `'${email}' is not an e-mail address`, 'use an address such as ops@example.com, or leave email unset');
  }
}

export function checkCertificateAuthority(scope: Construct, ca: AcmeCertificateAuthority): void {
  if (!Token.isUnresolved(ca.directoryUrl) && !/^https:\/\/[^/]+/.test(ca.directoryUrl)) {
    invalid(scope, 'certificateAuthority', `directory URL '${ca.directoryUrl}' is not an https URL`, 'use the CA\'s ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory');
  }
  if (ca.requiresExternalAccountBinding && !ca.externalAccountBinding) {
    invalid(scope, 'certificateAuthority', `directory ${ca.directoryUrl} requires External Account Binding but none is given`,
      'pass externalAccountBinding: { keyId, hmacKey } to AcmeCertificateAuthority.fromDirectoryUrl with the credentials from the CA');
  }
}

/** The shortest interval a schedule expression can fire at, in minutes; undefined for one-time `at()` schedules. */
export function shortestIntervalMinutes(expression: string): number | undefined {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) return Number(rate[1]) * (rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440);
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) return /^\d{1,2}$/.test(cron[1].trim().split(/\s+/)[0]) ? 60 : 1; // more than one minute value: more than hourly
  return undefined;
}

export function checkSchedule(scope: Construct, schedule: scheduler.ScheduleExpression): void {
  const expression = schedule.expressionString;
  if (Token.isUnresolved(expression)) return;
  const minutes = shortestIntervalMinutes(expression);
  if (minutes === undefined) {
    invalid(scope, 'renewalSchedule', `'${expression}' runs at most once`, 'use a repeating schedule, e.g. ScheduleExpression.rate(Duration.days(1))');
  }
  if (minutes < 60) {
    invalid(scope, 'renewalSchedule', `'${expression}' runs more often than hourly`,
      'run at most hourly (daily is plenty: certificates are renewed weeks before they expire)');
  }
}

/** CloudFront takes ACM certificates from us-east-1 only, and no P-384 keys. */
export function checkCloudFront(scope: Construct, keyType: AcmeKeyType): boolean {
  if (keyType === AcmeKeyType.EC_P384) {
    invalid(scope, 'keyType', 'EC_P384 is not accepted by CloudFront (cloudFront: true)', 'use EC_P256 or an RSA key type');
  }
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return false; // checked at deployment instead (see the caller's CfnRule)
  if (region !== 'us-east-1') {
    invalid(scope, 'cloudFront', `is true but the stack deploys to ${region}, and CloudFront only uses certificates from us-east-1`,
      'put this certificate in a stack with env: { region: \'us-east-1\' } (crossRegionReferences lets other stacks use it)');
  }
  return true;
}

import {
  ChangeResourceRecordSetsCommand, GetChangeCommand, GetHostedZoneCommand, ListHostedZonesCommand, ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { Route53DnsProvider } from '../../../src/runtime/dns/route53-provider';

const route53 = mockClient(Route53Client);
let waits: number[];
const firstZonePage = {
  HostedZones: [
    { Id: '/hostedzone/ZPARENT', Name: 'example.com.', CallerReference: 'a', Config: { PrivateZone: false } },
    { Id: '/hostedzone/ZPRIVATE', Name: 'sub.example.com.', CallerReference: 'b', Config: { PrivateZone: true } },
  ],
  IsTruncated: true,
  NextMarker: 'page-2',
  Marker: '',
  MaxItems: 2,
};

beforeEach(() => {
  route53.reset();
  waits = [];
  // Two pages of zones: the parent zone, a private zone of the same name, and a delegated subzone.
  route53.on(ListHostedZonesCommand, { Marker: undefined }).resolves(firstZonePage);
  route53.on(ListHostedZonesCommand, { Marker: 'page-2' }).resolves({
    HostedZones: [{ Id: '/hostedzone/ZSUB', Name: 'sub.example.com.', CallerReference: 'c', Config: { PrivateZone: false } }],
    IsTruncated: false,
    Marker: 'page-2',
    MaxItems: 2,
  });
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 1 });
  route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
  route53.on(GetChangeCommand).resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
    .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
});

const provider = (options = {}) =>
  new Route53DnsProvider({ client: route53 as unknown as Route53Client, sleep: async ms => { waits.push(ms); }, ...options });
const txt = (name: string, ...values: string[]) => ({ Name: name, Type: 'TXT' as const, TTL: 60, ResourceRecords: values.map(v => ({ Value: `"${v}"` })) });
const changes = () => route53.commandCalls(ChangeResourceRecordSetsCommand).map(c => c.args[0].input);

test('publishes into the longest matching public zone, one batch per zone, and waits for INSYNC', async () => {
  await provider().publish([
    { fqdn: '_acme-challenge.example.com', value: 'apex' },
    { fqdn: '_acme-challenge.example.com', value: 'wildcard' },
    { fqdn: '_acme-challenge.www.sub.example.com', value: 'www' },
  ]);
  expect(route53).toHaveReceivedCommandTimes(ListHostedZonesCommand, 2);
  expect(changes()).toEqual(expect.arrayContaining([
    {
      HostedZoneId: '/hostedzone/ZPARENT',
      ChangeBatch: {
        Comment: expect.any(String),
        Changes: [{
          Action: 'UPSERT',
          ResourceRecordSet: { Name: '_acme-challenge.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"apex"' }, { Value: '"wildcard"' }] },
        }],
      },
    },
    {
      HostedZoneId: '/hostedzone/ZSUB',
      ChangeBatch: {
        Comment: expect.any(String),
        Changes: [{
          Action: 'UPSERT',
          ResourceRecordSet: { Name: '_acme-challenge.www.sub.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"www"' }] },
        }],
      },
    },
  ]));
  expect(changes()).toHaveLength(2);
  expect(route53).toHaveReceivedCommandWith(GetChangeCommand, { Id: '/change/C1' });
  expect(waits).toEqual([1000]); // one PENDING before INSYNC
});

test('keeps values another client has in the RRset', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [txt('_acme-challenge.example.com.', 'theirs')], IsTruncated: false, MaxItems: 1 });
  await provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'mine' }]);
  expect(changes()[0].ChangeBatch!.Changes![0].ResourceRecordSet!.ResourceRecords).toEqual([{ Value: '"theirs"' }, { Value: '"mine"' }]);
});

test('ignores the next record set when ours does not exist', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [txt('_acme-challenge.z.example.com.', 'other')], IsTruncated: true, MaxItems: 1 });
  await provider().publish([{ fqdn: '_acme-challenge.example.com', value: 'mine' }]);
  expect(changes()[0].ChangeBatch!.Changes![0].ResourceRecordSet!.ResourceRecords).toEqual([{ Value: '"mine"' }]);
});

test('removal deletes the RRset when only our values are in it, exactly as it is', async () => {
  const current = txt('_acme-challenge.example.com.', 'a', 'b');
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [current], IsTruncated: false, MaxItems: 1 });
  await provider().remove([{ fqdn: '_acme-challenge.example.com', value: 'a' }, { fqdn: '_acme-challenge.example.com', value: 'b' }]);
  expect(changes()).toEqual([{ HostedZoneId: '/hostedzone/ZPARENT', ChangeBatch: { Comment: expect.any(String), Changes: [{ Action: 'DELETE', ResourceRecordSet: current }] } }]);
  expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
});

test('removal keeps the values of others', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [txt('_acme-challenge.example.com.', 'mine', 'theirs')], IsTruncated: false, MaxItems: 1 });
  await provider().remove([{ fqdn: '_acme-challenge.example.com', value: 'mine' }]);
  expect(changes()[0].ChangeBatch!.Changes).toEqual([{ Action: 'UPSERT', ResourceRecordSet: txt('_acme-challenge.example.com.', 'theirs') }]);
});

test('removing values that are already gone changes nothing', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [txt('_acme-challenge.example.com.', 'theirs')], IsTruncated: false, MaxItems: 1 });
  await provider().remove([{ fqdn: '_acme-challenge.example.com', value: 'mine' }, { fqdn: '_acme-challenge.other.org', value: 'x' }]);
  expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
});

test('a name in no public zone fails to publish, naming it', async () => {
  await expect(provider().publish([{ fqdn: '_acme-challenge.www.example.org', value: 'x' }]))
    .rejects.toThrow('_acme-challenge.www.example.org: not in any zone Route53 manages');
  expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
});

test('a given hosted zone is used without listing zones', async () => {
  await provider({ hostedZoneId: 'ZGIVEN' }).publish([{ fqdn: '_acme-challenge.example.com', value: 'x' }]);
  expect(route53).not.toHaveReceivedCommand(ListHostedZonesCommand);
  expect(changes()[0].HostedZoneId).toBe('ZGIVEN');
});

test('authoritative servers come from the zone delegation set', async () => {
  route53.on(GetHostedZoneCommand, { Id: '/hostedzone/ZSUB' }).resolves({
    HostedZone: { Id: '/hostedzone/ZSUB', Name: 'sub.example.com.', CallerReference: 'c' },
    DelegationSet: { NameServers: ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.com'] },
  });
  expect(await provider().authoritativeServers('_acme-challenge.sub.example.com')).toEqual(['ns-1.awsdns-01.org', 'ns-2.awsdns-02.com']);
});

test('API failures surface, and a failed zone listing is retried on the next call', async () => {
  route53.on(ListHostedZonesCommand, { Marker: undefined })
    .rejectsOnce(new Error('AccessDenied: not authorized to perform route53:ListHostedZones')).resolves(firstZonePage);
  const dns = provider();
  await expect(dns.publish([{ fqdn: '_acme-challenge.example.com', value: 'x' }])).rejects.toThrow(/AccessDenied/);
  route53.on(ChangeResourceRecordSetsCommand).rejects(new Error('InvalidChangeBatch: bad'));
  await expect(dns.publish([{ fqdn: '_acme-challenge.example.com', value: 'x' }])).rejects.toThrow(/InvalidChangeBatch/);
});

test('gives up when the change does not get INSYNC in time', async () => {
  route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
  await expect(provider({ syncTimeoutMs: 0 }).publish([{ fqdn: '_acme-challenge.example.com', value: 'x' }]))
    .rejects.toThrow('Route53 change /change/C1 still PENDING after 0 s');
});

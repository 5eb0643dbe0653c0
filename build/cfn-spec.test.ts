/**
 * template.yaml, after the SAM transform, against AWS's published CloudFormation resource
 * specification (@aws-cdk/aws-service-spec). Errors planted in a copy must each be found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTemplate, specDatabase } from './cfn-spec.ts';
import { parseTemplate } from './cloudformation.ts';
import { ROOT } from './paths.ts';
import { samTransform } from './sam-transform.ts';

const sam = parseTemplate(readFileSync(join(ROOT, 'template.yaml'), 'utf8')) as any;
const cfn = samTransform(sam);

beforeAll(() => void specDatabase(), 120_000);

/** The transformed template with one change made by `plant`. */
function planted(plant: (t: any) => void): any {
  const t = structuredClone(cfn);
  plant(t);
  return t;
}

describe('template.yaml against the CloudFormation resource specification', () => {
  it('expands the SAM resources into what SAM generates', () => {
    const types = Object.fromEntries(Object.entries(cfn.Resources as Record<string, any>).map(([k, r]) => [k, r.Type]));
    expect(types).toMatchObject({
      OriginFunction: 'AWS::Lambda::Function',
      OriginFunctionRole: 'AWS::IAM::Role',
      OriginFunctionUrl: 'AWS::Lambda::Url',
      TaskFunction: 'AWS::Lambda::Function',
      TaskFunctionRollover: 'AWS::Events::Rule',
      TaskFunctionRolloverPermission: 'AWS::Lambda::Permission',
      TaskFunctionSyncSources: 'AWS::Events::Rule',
      GlideLayer: 'AWS::Lambda::LayerVersion',
      RepairsPendingAlarm: 'AWS::CloudWatch::Alarm',
      CacheEcpuAlarm: 'AWS::CloudWatch::Alarm',
      Dashboard: 'AWS::CloudWatch::Dashboard',
    });
    expect(Object.values(types).filter((t) => String(t).startsWith('AWS::Serverless::'))).toEqual([]);
    expect(cfn.Resources.TaskFunction.Properties).toMatchObject({ Timeout: 120, Runtime: 'nodejs22.x', Handler: 'index.handler' });
    expect(cfn.Resources.OriginFunction.Properties.Environment).toEqual(cfn.Resources.TaskFunction.Properties.Environment);
  });

  it('has no problem', () => {
    expect(checkTemplate(cfn)).toEqual([]);
  });

  const cases: [string, (t: any) => void, RegExp][] = [
    ['a misspelled property', (t) => (t.Resources.OriginFunction.Properties.MemorySizes = 256), /AWS::Lambda::Function has no property MemorySizes/],
    ['a misspelled nested property', (t) => (t.Resources.Cache.Properties.CacheUsageLimits.DataStorage.Maximim = 1), /DataStorage has no property Maximim/],
    ['a missing required property', (t) => delete t.Resources.OriginFunctionUrl.Properties.AuthType, /AWS::Lambda::Url requires AuthType/],
    ['a missing required nested property', (t) => delete t.Resources.Cache.Properties.CacheUsageLimits.DataStorage.Unit, /requires Unit/],
    ['a string where an integer goes', (t) => (t.Resources.TaskFunction.Properties.Timeout = 'two minutes'), /Timeout: expected an integer/],
    ['a map where a list goes', (t) => (t.Resources.OriginFunction.Properties.Architectures = { arch: 'arm64' }), /Architectures: expected a list/],
    ['a list where a boolean goes', (t) => (t.Resources.EdgeInvokeFunctionPermission.Properties.InvokedViaFunctionUrl = [true]), /InvokedViaFunctionUrl: expected a boolean/],
    ['a GetAtt of an attribute that does not exist', (t) => (t.Outputs.OriginUrl.Value = { 'Fn::GetAtt': ['OriginFunctionUrl', 'Url'] }), /OriginFunctionUrl \(AWS::Lambda::Url\) has no attribute Url/],
    ['a GetAtt inside Fn::Sub of an attribute that does not exist', (t) => (t.Outputs.CacheEndpoint.Value = { 'Fn::Sub': '${Cache.Endpoint.Host}' }), /Cache \(AWS::ElastiCache::ServerlessCache\) has no attribute Endpoint\.Host/],
    ['a GetAtt of a resource that does not exist', (t) => (t.Outputs.OriginUrl.Value = { 'Fn::GetAtt': ['OriginFunctionURL', 'FunctionUrl'] }), /GetAtt of unknown resource OriginFunctionURL/],
    ['a Ref to nothing', (t) => (t.Resources.OriginFunction.Properties.Environment.Variables.EDGE_PRINCIPAL_ARN = { Ref: 'EdgePrincipal' }), /Ref to unknown "EdgePrincipal"/],
    ['an unknown resource type', (t) => (t.Resources.Cache.Type = 'AWS::ElastiCache::ServerlessCluster'), /unknown resource type AWS::ElastiCache::ServerlessCluster/],
    ['a misspelled alarm property', (t) => (t.Resources.RepairsPendingAlarm.Properties.Treshold = 300), /AWS::CloudWatch::Alarm has no property Treshold/],
    ['a misspelled property in an alarm\'s metric query', (t) => (t.Resources.CacheEcpuAlarm.Properties.Metrics[0].MetricStat.Stats = 'Sum'), /MetricStat has no property Stats/],
    ['a string where an alarm threshold goes', (t) => (t.Resources.PurgeBacklogAlarm.Properties.Threshold = 'one minute'), /Threshold: expected a number/],
    ['an alarm on the dashboard that does not exist', (t) => (t.Resources.Dashboard.Properties.DashboardBody['Fn::Sub'][0] += '${NoSuchAlarm.Arn}'), /GetAtt of unknown resource NoSuchAlarm/],
    ['a wrong type in one branch of Fn::If', (t) => (t.Resources.OriginFunction.Properties.VpcConfig.SecurityGroupIds = { 'Fn::If': ['CreateOriginSecurityGroup', ['sg-1'], 'sg-2'] }), /SecurityGroupIds: expected a list/],
  ];
  for (const [what, plant, message] of cases) {
    it(`finds ${what}`, () => {
      const problems = checkTemplate(planted(plant));
      expect(problems.join('\n')).toMatch(message);
    });
  }

  it('finds a misspelled property in template.yaml itself, through the transform', () => {
    const t = structuredClone(sam);
    t.Globals.Function.Enviroment = t.Globals.Function.Environment;
    expect(() => samTransform(t)).toThrow(/Enviroment is not covered/);
    const u = structuredClone(sam);
    u.Resources.OriginFunction.Properties.LoggingConfig.LogGroups = 'x';
    expect(checkTemplate(samTransform(u)).join('\n')).toMatch(/LoggingConfig has no property LogGroups/);
  });
});

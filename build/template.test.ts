/** Static checks of template.yaml: what must be true of the origin's deployment, and that it matches the build. */
import { readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../origin/config.ts';
import { COUNTERS, GAUGES, TIMINGS } from '../origin/metrics.ts';
import { boardBudgetMs } from '../origin/sources/sync.ts';
import { parseTemplate } from './cloudformation.ts';
import { ORIGIN_FILE } from './origin.ts';
import { DIST, ROOT } from './paths.ts';

const text = readFileSync(join(ROOT, 'template.yaml'), 'utf8');
const t = parseTemplate(text) as any;
const resources = Object.entries(t.Resources as Record<string, any>);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
const fnEntry = ofType('AWS::Serverless::Function');
const fnName = 'OriginFunction';
const globals = t.Globals.Function;
/** A function's properties over Globals.Function, as SAM merges them (maps merged, the rest replaced). */
const merged = (name: string) => {
  const own = t.Resources[name].Properties;
  return { ...globals, ...own, Environment: { Variables: { ...globals.Environment?.Variables, ...own.Environment?.Variables } } };
};
const props = merged(fnName);
const tasks = merged('TaskFunction');
const fnProp = (name: string) => props[name];
const fnSecurityGroups = props.VpcConfig.SecurityGroupIds;

describe('template.yaml', () => {
  it('is a SAM template with the URL function and the task function, sharing code, layer, VPC and environment', () => {
    expect(t.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(fnEntry.map(([name]) => name).sort()).toEqual(['OriginFunction', 'TaskFunction']);
    for (const key of ['CodeUri', 'Handler', 'Layers', 'VpcConfig', 'Environment', 'Runtime', 'Architectures']) {
      expect(globals[key], key).toBeDefined();
      expect(tasks[key], key).toEqual(props[key]);
    }
  });

  it('gives tasks their own timeout, long enough for several slow sources, and only the URL function a URL', () => {
    expect(props.Timeout).toBe(10);
    expect(tasks.Timeout).toBeGreaterThanOrEqual(60);
    expect(tasks.Timeout).toBeLessThanOrEqual(900);
    expect(tasks.FunctionUrlConfig).toBeUndefined();
    expect(props.Events).toBeUndefined();
    expect(t.Outputs.TaskFunctionName.Value).toEqual({ Ref: 'TaskFunction' });
  });

  it("fits several slow sources in one task run with the origin's default source settings", () => {
    const source = loadConfig({ SUPABASE_URL: 'https://x.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'k', VALKEY_ENDPOINT: 'h:6379' }).source;
    // One board that times out on every attempt takes about 16 s; the request timeout (10 s) could not hold one.
    expect(boardBudgetMs(source)).toBeGreaterThan(props.Timeout * 1000);
    expect(tasks.Timeout * 1000).toBeGreaterThan(5 * boardBudgetMs(source));
  });

  it('sends each function to its own log group with a retention', () => {
    for (const fn of [props, tasks]) {
      const group = t.Resources[fn.LoggingConfig.LogGroup.Ref];
      expect(group.Type).toBe('AWS::Logs::LogGroup');
      expect(group.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    }
    expect(t.Parameters.LogRetentionDays.Default).toBeGreaterThan(0);
  });

  it('outputs the region, for wrangler.toml and the admin CLI', () => {
    expect(t.Outputs.Region.Value).toEqual({ Ref: 'AWS::Region' });
  });

  it('runs the function on nodejs22.x and arm64, with the choice of arm64 explained in a comment', () => {
    expect(fnProp('Runtime')).toBe('nodejs22.x');
    expect(fnProp('Architectures')).toEqual(['arm64']);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /^\s*Architectures:/.test(l));
    const comment = lines.slice(Math.max(0, at - 4), at).filter((l) => /^\s*#/.test(l)).join(' ');
    expect(comment).toMatch(/arm64/);
    expect(comment.length).toBeGreaterThan(40);
  });

  it('puts the function in the VPC with subnets and security group from parameters', () => {
    expect(props.VpcConfig.SubnetIds).toEqual({ Ref: 'SubnetIds' });
    expect(t.Parameters.SubnetIds.Type).toBe('List<AWS::EC2::Subnet::Id>');
    expect(t.Parameters.OriginSecurityGroupId).toBeDefined();
    expect(fnSecurityGroups).toEqual([{ 'Fn::If': ['CreateOriginSecurityGroup', { Ref: 'OriginSecurityGroup' }, { Ref: 'OriginSecurityGroupId' }] }]);
    expect(t.Conditions.CreateOriginSecurityGroup).toEqual({ 'Fn::Equals': [{ Ref: 'OriginSecurityGroupId' }, ''] });
    expect(t.Resources.OriginSecurityGroup.Condition).toBe('CreateOriginSecurityGroup');
  });

  it('explains that the VPC function needs NAT egress to reach Supabase', () => {
    const comments = text.split('\n').filter((l) => /^\s*#/.test(l)).join(' ');
    expect(comments).toMatch(/NAT gateway/);
    expect(comments).toMatch(/Supabase/);
  });

  it('exposes the function through a Function URL with AuthType AWS_IAM', () => {
    expect(props.FunctionUrlConfig).toEqual({ AuthType: 'AWS_IAM' });
    expect(t.Outputs.OriginUrl.Value).toEqual({ 'Fn::GetAtt': [`${fnName}Url`, 'FunctionUrl'] });
  });

  it("grants the edge's principal both lambda:InvokeFunctionUrl and lambda:InvokeFunction via the URL", () => {
    const perms = ofType('AWS::Lambda::Permission').map(([, r]) => r.Properties);
    for (const p of perms) {
      expect(p.FunctionName).toEqual({ Ref: fnName });
      expect(p.Principal).toEqual({ Ref: 'EdgePrincipalArn' });
    }
    const url = perms.filter((p) => p.Action === 'lambda:InvokeFunctionUrl');
    const invoke = perms.filter((p) => p.Action === 'lambda:InvokeFunction');
    expect(url).toHaveLength(1);
    expect(url[0].FunctionUrlAuthType).toBe('AWS_IAM');
    expect(invoke).toHaveLength(1);
    expect(invoke[0].InvokedViaFunctionUrl).toBe(true);
    expect(perms).toHaveLength(2);
  });

  it('creates a Valkey 8 Serverless cache with usage limits from parameters', () => {
    const caches = ofType('AWS::ElastiCache::ServerlessCache');
    expect(caches).toHaveLength(1);
    const [cacheName, cache] = caches[0]!;
    expect(cache.Properties.Engine).toBe('valkey');
    expect(cache.Properties.MajorEngineVersion).toBe('8');
    expect(cache.Properties.CacheUsageLimits).toEqual({
      DataStorage: { Maximum: { Ref: 'CacheMaxDataGB' }, Unit: 'GB' },
      ECPUPerSecond: { Maximum: { Ref: 'CacheMaxEcpuPerSecond' } },
    });
    expect(t.Parameters.CacheMaxDataGB).toBeDefined();
    expect(t.Parameters.CacheMaxEcpuPerSecond).toBeDefined();
    expect(props.Environment.Variables.VALKEY_ENDPOINT).toEqual({ 'Fn::Sub': `\${${cacheName}.Endpoint.Address}:\${${cacheName}.Endpoint.Port}` });
    expect(props.Environment.Variables).toMatchObject({ VALKEY_CLUSTER: 'true', VALKEY_TLS: 'true' });
    expect(t.Outputs.CacheEndpoint.Value).toEqual(props.Environment.Variables.VALKEY_ENDPOINT);
  });

  it("lets only the function's security group into the cache", () => {
    const cache = ofType('AWS::ElastiCache::ServerlessCache')[0]![1];
    const groups = cache.Properties.SecurityGroupIds as any[];
    expect(groups).toHaveLength(1);
    const sg = t.Resources[groups[0].Ref];
    expect(sg.Type).toBe('AWS::EC2::SecurityGroup');
    const ingress = sg.Properties.SecurityGroupIngress as any[];
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule.SourceSecurityGroupId).toEqual(fnSecurityGroups[0]);
      expect(rule.CidrIp ?? rule.CidrIpv6).toBeUndefined();
    }
    expect(ofType('AWS::EC2::SecurityGroupIngress')).toHaveLength(0);
  });

  it('runs rollover every minute, and the source sync and the log retention on a schedule, as task events', () => {
    const schedules = Object.values(tasks.Events as Record<string, any>).filter((e) => e.Type === 'Schedule').map((e) => e.Properties);
    const byTask = new Map(schedules.map((s) => [JSON.parse(s.Input).task as string, s]));
    expect(schedules).toHaveLength(3);
    expect(byTask.get('trim-log')?.Schedule).toBe('rate(1 day)');
    expect(JSON.parse(byTask.get('trim-log')!.Input)).toEqual({ task: 'trim-log' });
    expect(byTask.get('rollover')?.Schedule).toBe('rate(1 minute)');
    expect(byTask.get('sync-sources')?.Schedule).toMatch(/^(rate\(\d+ minutes?\)|cron\(.+\))$/);
    expect(JSON.parse(byTask.get('rollover')!.Input)).toEqual({ task: 'rollover' });
    expect(JSON.parse(byTask.get('sync-sources')!.Input)).toEqual({ task: 'sync-sources' });
  });

  it('takes the Supabase URL from SSM and the service key from Secrets Manager, with no secret in the template', () => {
    const env = props.Environment.Variables;
    expect(env.SUPABASE_URL).toEqual({ Ref: 'SupabaseUrl' });
    expect(t.Parameters.SupabaseUrl.Type).toBe('AWS::SSM::Parameter::Value<String>');
    expect(env.SUPABASE_SERVICE_ROLE_KEY['Fn::Sub']).toMatch(/^\{\{resolve:secretsmanager:\$\{SupabaseServiceRoleKeySecret\}\}\}$/);
    // A rotated secret reaches the functions only when their configuration changes: ConfigRevision is part of it.
    expect(env.CONFIG_REVISION).toEqual({ Ref: 'ConfigRevision' });
    expect(t.Parameters.ConfigRevision.Type).toBe('String');
    // No JWT-shaped value (Supabase keys are JWTs) and no literal key anywhere.
    expect(text).not.toMatch(/eyJ[\w-]{10,}/);
    for (const [name, value] of Object.entries(env)) if (/(^|_)(KEY|SECRET|TOKEN)(_|$)/.test(name)) expect(typeof value).not.toBe('string');
  });

  it('ships GLIDE in an arm64 nodejs22.x layer that the function uses', () => {
    const layers = ofType('AWS::Serverless::LayerVersion');
    expect(layers).toHaveLength(1);
    const [layerName, layer] = layers[0]!;
    expect(layer.Properties.ContentUri).toBe(relative(ROOT, DIST.layer));
    expect(layer.Properties.CompatibleArchitectures).toEqual(['arm64']);
    expect(layer.Properties.CompatibleRuntimes).toEqual(['nodejs22.x']);
    expect(props.Layers).toEqual([{ Ref: layerName }]);
  });

  it("points CodeUri and Handler at the build's origin bundle", () => {
    expect(props.CodeUri).toBe(relative(ROOT, DIST.origin));
    // Lambda loads index.handler from index.js, index.mjs or index.cjs; .cjs is always CommonJS.
    expect(extname(ORIGIN_FILE)).toBe('.cjs');
    expect(props.Handler).toBe(`${basename(ORIGIN_FILE, '.cjs')}.handler`);
    expect(readFileSync(join(ROOT, 'origin/handler.ts'), 'utf8')).toMatch(/export (async )?function handler\b|export const handler\b/);
  });

  it('outputs the Function URL and the cache endpoint', () => {
    expect(Object.keys(t.Outputs)).toEqual(expect.arrayContaining(['OriginUrl', 'CacheEndpoint']));
  });

  describe('alarms and dashboard', () => {
    const alarms = Object.fromEntries(ofType('AWS::CloudWatch::Alarm').map(([name, r]) => [name, r.Properties]));
    const namespace = { 'Fn::Sub': 'Leaderboard/${AWS::StackName}' };
    const published = new Set<string>([...COUNTERS, ...TIMINGS, ...Object.keys(GAUGES)]);
    const [bodyText, vars] = t.Resources.Dashboard.Properties.DashboardBody['Fn::Sub'];
    const body = JSON.parse(String(bodyText).replace(/\$\{[^}]+\}/g, (ref: string) => (ref === '${MetricsNamespace}' ? 'NS' : 'x')));
    const widgetMetrics = (body.widgets as any[]).flatMap((w) => (w.type === 'metric' ? (w.properties.metrics as any[]) : []));

    it('alarm on function errors, throttles and p99 duration of both functions, the gauges, and the cache limits', () => {
      const on = (ns: unknown, metric: string) => Object.entries(alarms).filter(([, a]) => JSON.stringify(a.Namespace) === JSON.stringify(ns) && a.MetricName === metric).map(([n]) => n).sort();
      expect(on('AWS/Lambda', 'Errors')).toEqual(['OriginErrorsAlarm', 'TaskErrorsAlarm']);
      expect(on('AWS/Lambda', 'Throttles')).toEqual(['OriginThrottlesAlarm', 'TaskThrottlesAlarm']);
      expect(alarms.OriginDurationP99Alarm).toMatchObject({ MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: { Ref: 'DurationP99AlarmMs' } });
      expect(alarms.RepairsPendingAlarm).toMatchObject({ Namespace: namespace, MetricName: 'OldestRepairSeconds', Threshold: 300, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarms.PurgeBacklogAlarm).toMatchObject({ Namespace: namespace, MetricName: 'OldestPurgeSeconds', Threshold: 60, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarms.ProjectionLagAlarm).toMatchObject({ Namespace: namespace, MetricName: 'ProjectionLag' });
      // The cache alarms compare usage with the limits the Cache resource is given, as a percentage.
      const ecpu = JSON.stringify(alarms.CacheEcpuAlarm.Metrics);
      expect(ecpu).toContain('ElastiCacheProcessingUnits');
      expect(ecpu).toContain('${CacheMaxEcpuPerSecond}');
      const storage = JSON.stringify(alarms.CacheStorageAlarm.Metrics);
      expect(storage).toContain('BytesUsedForCache');
      expect(storage).toContain('${CacheMaxDataGB}');
      expect(t.Resources.Cache.Properties.CacheUsageLimits).toEqual({ DataStorage: { Maximum: { Ref: 'CacheMaxDataGB' }, Unit: 'GB' }, ECPUPerSecond: { Maximum: { Ref: 'CacheMaxEcpuPerSecond' } } });
    });

    it('notifies the SNS topic parameter when it is set, and nothing when it is empty', () => {
      expect(t.Parameters.AlarmTopicArn).toMatchObject({ Type: 'String', Default: '' });
      expect(t.Conditions.NotifyAlarms).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmTopicArn' }, ''] }] });
      const action = { 'Fn::If': ['NotifyAlarms', [{ Ref: 'AlarmTopicArn' }], { Ref: 'AWS::NoValue' }] };
      expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(10);
      for (const a of Object.values(alarms)) expect([a.AlarmActions, a.OKActions]).toEqual([action, action]);
      for (const [name, a] of Object.entries(alarms)) expect(a.AlarmDescription, name).toMatch(/Runbook docs\/operations\.md#[a-z0-9-]+/);
    });

    it('alarms and dashboard use only metrics the origin publishes, in the namespace its functions are given', () => {
      expect(props.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toEqual(namespace);
      expect(vars).toEqual({ MetricsNamespace: namespace });
      for (const a of Object.values(alarms)) if (JSON.stringify(a.Namespace) === JSON.stringify(namespace)) expect(published).toContain(a.MetricName);
      const ours = widgetMetrics.filter((m) => m[0] === 'NS').map((m) => m[1] as string);
      expect(ours.length).toBeGreaterThan(20);
      for (const name of ours) expect(published).toContain(name);
      const searched = widgetMetrics.flatMap((m) => (m[0]?.expression ? [/MetricName="(\w+)"/.exec(m[0].expression)![1]!] : []));
      expect(searched.sort()).toEqual(['Errors', 'Reads', 'WritesRefused']);
      // Every counter, timing and gauge is on the dashboard somewhere.
      for (const name of published) expect([...ours, ...searched], name).toContain(name);
    });

    it('shows every alarm on the dashboard', () => {
      const shown = (body.widgets as any[]).filter((w) => w.type === 'alarm').flatMap((w) => w.properties.alarms as string[]);
      expect(String(bodyText).match(/\$\{(\w+)\.Arn\}/g)?.map((r) => r.slice(2, -5)).sort()).toEqual(Object.keys(alarms).sort());
      expect(shown).toHaveLength(Object.keys(alarms).length);
    });
  });
});

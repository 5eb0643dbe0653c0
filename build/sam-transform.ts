/**
 * The part of the SAM transform (AWS::Serverless-2016-10-31) this template uses, producing the
 * plain CloudFormation that `sam deploy` hands to CloudFormation: Globals merged into each
 * function, and AWS::Serverless::Function / LayerVersion expanded into the AWS::Lambda, IAM and
 * EventBridge resources SAM generates, with SAM's logical ids. Anything else in the Serverless
 * namespace is an error, so a template that grows past what this covers fails loudly.
 * Used by build/cfn-spec.test.ts to check the template against AWS's resource specification.
 */
// A template is JSON of any shape; these modules check it rather than trust a type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const BASIC_EXECUTION = 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const VPC_EXECUTION = 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntrinsic = (v: unknown) => isObject(v) && Object.keys(v).length === 1 && /^(Ref|Fn::\w+|Condition)$/.test(Object.keys(v)[0]!);

/** SAM's Globals merge: maps merge key by key, lists concatenate (globals first), anything else is replaced. */
export function mergeGlobals(global: Json, local: Json): Json {
  if (local === undefined) return structuredClone(global);
  if (global === undefined) return local;
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  if (isObject(global) && isObject(local) && !isIntrinsic(global) && !isIntrinsic(local)) {
    const out: Record<string, Json> = { ...structuredClone(global) };
    for (const [k, v] of Object.entries(local)) out[k] = mergeGlobals(global[k], v);
    return out;
  }
  return local;
}

/** An S3 location standing in for a local CodeUri/ContentUri, as `sam deploy` rewrites it after uploading. */
const uploaded = (path: string) => ({ S3Bucket: 'sam-deploy-artifacts', S3Key: `${path.replace(/[^\w.-]+/g, '-')}.zip` });

function expandFunction(name: string, resource: Json, globals: Json, out: Record<string, Json>): void {
  const p = mergeGlobals(globals, resource.Properties ?? {});
  const common = { ...(resource.Condition ? { Condition: resource.Condition } : {}), ...(resource.DependsOn ? { DependsOn: resource.DependsOn } : {}) };
  const { CodeUri, FunctionUrlConfig, Events, Policies, Role, ...rest } = p;
  if (Policies !== undefined) throw new Error(`${name}: Policies is not covered by this transform`);
  if (typeof CodeUri !== 'string') throw new Error(`${name}: CodeUri must be a local path`);
  const known = ['Handler', 'Runtime', 'Architectures', 'MemorySize', 'Timeout', 'Layers', 'VpcConfig', 'Environment', 'LoggingConfig', 'Description', 'FunctionName', 'ReservedConcurrentExecutions', 'EphemeralStorage', 'TracingConfig', 'KmsKeyArn', 'Tags'];
  for (const key of Object.keys(rest)) if (!known.includes(key)) throw new Error(`${name}: ${key} is not covered by this transform`);
  if (!Role) {
    out[`${name}Role`] = {
      Type: 'AWS::IAM::Role',
      ...common,
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['lambda.amazonaws.com'] } }] },
        ManagedPolicyArns: [{ 'Fn::Sub': BASIC_EXECUTION }, ...(rest.VpcConfig ? [{ 'Fn::Sub': VPC_EXECUTION }] : [])],
        Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }],
      },
    };
  }
  const { Tags, ...fnProps } = rest;
  out[name] = {
    Type: 'AWS::Lambda::Function',
    ...common,
    Properties: {
      ...fnProps,
      Code: uploaded(CodeUri),
      Role: Role ?? { 'Fn::GetAtt': [`${name}Role`, 'Arn'] },
      Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }, ...Object.entries(Tags ?? {}).map(([Key, Value]) => ({ Key, Value }))],
    },
  };
  if (FunctionUrlConfig) {
    out[`${name}Url`] = { Type: 'AWS::Lambda::Url', ...common, Properties: { TargetFunctionArn: { Ref: name }, ...FunctionUrlConfig } };
  }
  for (const [event, e] of Object.entries<Json>(Events ?? {})) {
    if (e.Type !== 'Schedule') throw new Error(`${name}.${event}: event type ${e.Type} is not covered by this transform`);
    const { Schedule, Input, Description, Enabled, State, ...other } = e.Properties;
    if (Object.keys(other).length > 0) throw new Error(`${name}.${event}: ${Object.keys(other).join(', ')} not covered by this transform`);
    const rule = `${name}${event}`;
    out[rule] = {
      Type: 'AWS::Events::Rule',
      ...common,
      Properties: {
        ScheduleExpression: Schedule,
        ...(Description !== undefined ? { Description } : {}),
        ...(State !== undefined ? { State } : Enabled === false ? { State: 'DISABLED' } : {}),
        Targets: [{ Arn: { 'Fn::GetAtt': [name, 'Arn'] }, Id: `${rule}LambdaTarget`, ...(Input !== undefined ? { Input } : {}) }],
      },
    };
    out[`${rule}Permission`] = {
      Type: 'AWS::Lambda::Permission',
      ...common,
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: name }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] } },
    };
  }
}

function expandLayer(name: string, resource: Json, out: Record<string, Json>): void {
  const { ContentUri, RetentionPolicy, ...rest } = resource.Properties ?? {};
  if (typeof ContentUri !== 'string') throw new Error(`${name}: ContentUri must be a local path`);
  out[name] = {
    Type: 'AWS::Lambda::LayerVersion',
    ...(RetentionPolicy === 'Retain' ? { DeletionPolicy: 'Retain' } : { DeletionPolicy: 'Delete' }),
    Properties: { ...rest, Content: uploaded(ContentUri) },
  };
}

/** The CloudFormation template SAM would produce from `template`. The input is not modified. */
export function samTransform(template: Json): Json {
  if (template.Transform !== 'AWS::Serverless-2016-10-31') throw new Error('not a SAM template');
  const { Transform: _t, Globals, Resources, ...rest } = structuredClone(template);
  const functionGlobals = Globals?.Function ?? {};
  for (const section of Object.keys(Globals ?? {})) if (section !== 'Function') throw new Error(`Globals.${section} is not covered by this transform`);
  const out: Record<string, Json> = {};
  for (const [name, r] of Object.entries<Json>(Resources)) {
    if (r.Type === 'AWS::Serverless::Function') expandFunction(name, r, functionGlobals, out);
    else if (r.Type === 'AWS::Serverless::LayerVersion') expandLayer(name, r, out);
    else if (String(r.Type).startsWith('AWS::Serverless::')) throw new Error(`${name}: ${r.Type} is not covered by this transform`);
    else out[name] = r;
  }
  return { ...rest, Resources: out };
}

/**
 * The edge's AWS credentials can do one thing: call the origin's Function URL. Checked in the
 * policy the README tells you to attach to the edge's IAM user, and in the template's resource policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './cloudformation.ts';
import { ROOT } from './paths.ts';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const t = parseTemplate(readFileSync(join(ROOT, 'template.yaml'), 'utf8')) as any;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** The JSON document of every `aws iam put-user-policy … --policy-document "…"` in the README, as the shell would pass it. */
function readmePolicies(text: string): { user: string; statements: Statement[] }[] {
  const out = [];
  for (const m of text.matchAll(/aws iam put-user-policy --user-name (\S+) [^\n]*--policy-document "((?:[^"\\]|\\.)*)"/g)) {
    const json = m[2]!.replace(/\\(["\\$])/g, '$1').replaceAll('$FN_ARN', 'arn:aws:lambda:us-east-1:111122223333:function:origin');
    out.push({ user: m[1]!, statements: (JSON.parse(json) as { Statement: Statement[] }).Statement });
  }
  return out;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** What is wrong with a policy for the edge: any action beyond the URL's two, or either without its Function URL condition. */
function edgePolicyProblems(statements: Statement[]): string[] {
  const problems: string[] = [];
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    for (const a of actions(s)) {
      if (a === 'lambda:InvokeFunction') {
        if (s.Condition?.Bool?.['lambda:InvokedViaFunctionUrl'] !== 'true') problems.push('lambda:InvokeFunction without Bool lambda:InvokedViaFunctionUrl = true');
      } else if (a === 'lambda:InvokeFunctionUrl') {
        if (s.Condition?.StringEquals?.['lambda:FunctionUrlAuthType'] !== 'AWS_IAM') problems.push('lambda:InvokeFunctionUrl without StringEquals lambda:FunctionUrlAuthType = AWS_IAM');
      } else problems.push(`${a} is allowed`);
    }
    for (const r of Array.isArray(s.Resource) ? s.Resource : [s.Resource]) if (r.includes('*')) problems.push(`resource ${r} has a wildcard`);
  }
  return problems;
}

describe("the edge's IAM permissions", () => {
  it("README's policy for the edge user allows only Function URL calls", () => {
    const policies = readmePolicies(readme);
    expect(policies.map((p) => p.user)).toEqual(['leaderboard-edge']);
    const statements = policies[0]!.statements;
    expect(edgePolicyProblems(statements)).toEqual([]);
    expect(statements.flatMap(actions).sort()).toEqual(['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl']);
  });

  it('the check finds an unconditioned grant, the one this README used to give', () => {
    const old = [{ Effect: 'Allow', Action: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'], Resource: 'arn:aws:lambda:us-east-1:1:function:f' }];
    expect(edgePolicyProblems(old)).toHaveLength(2);
    expect(edgePolicyProblems([{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }])).toEqual(['lambda:* is allowed', 'resource * has a wildcard']);
  });

  it("the template's resource policy lets the edge call only the URL function, and only through the URL", () => {
    const perms = Object.values(t.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => r.Properties);
    expect(perms).toHaveLength(2);
    for (const p of perms) {
      expect(p.FunctionName).toEqual({ Ref: 'OriginFunction' });
      expect(p.Principal).toEqual({ Ref: 'EdgePrincipalArn' });
    }
    expect(perms.find((p) => p.Action === 'lambda:InvokeFunction')).toMatchObject({ InvokedViaFunctionUrl: true });
    expect(perms.find((p) => p.Action === 'lambda:InvokeFunctionUrl')).toMatchObject({ FunctionUrlAuthType: 'AWS_IAM' });
  });
});

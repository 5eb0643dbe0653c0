/**
 * Checks a plain CloudFormation template (after the SAM transform) against AWS's published
 * resource specification, as packaged in `@aws-cdk/aws-service-spec`: every resource type exists,
 * every property name is known, required properties are present, values have the right types
 * (through nested property types, lists and maps), and every `Ref`, `Fn::GetAtt` and `${X.Y}` in
 * `Fn::Sub` names a resource, parameter or attribute that exists. Returns the problems found.
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

// A template is JSON of any shape; these modules check it rather than trust a type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let db: SpecDatabase | undefined;
/** The specification database (a few seconds to load; loaded once). */
export function specDatabase(): SpecDatabase {
  return (db ??= loadAwsServiceSpecSync());
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The intrinsic function of a one-key object such as `{ "Fn::If": [...] }`, if it is one. */
const intrinsicOf = (v: unknown): string | null => {
  if (!isObject(v)) return null;
  const keys = Object.keys(v);
  return keys.length === 1 && /^(Ref|Fn::\w+)$/.test(keys[0]!) ? keys[0]! : null;
};

export function checkTemplate(template: Json): string[] {
  const spec = specDatabase();
  const problems: string[] = [];
  const resources: Record<string, Json> = template.Resources ?? {};
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const specOf = new Map<string, Resource>();
  for (const [name, r] of Object.entries(resources)) {
    const found = spec.lookup('resource', 'cloudFormationType', 'equals', r.Type);
    if (found.length !== 1) problems.push(`${name}: unknown resource type ${r.Type}`);
    else specOf.set(name, found[0]!);
    if (r.Condition !== undefined && !conditions.has(r.Condition)) problems.push(`${name}: unknown condition ${r.Condition}`);
  }

  /** Refs, GetAtts and Sub references anywhere in `value`. */
  function checkReferences(where: string, value: Json): void {
    if (Array.isArray(value)) return value.forEach((v, i) => checkReferences(`${where}[${i}]`, v));
    if (!isObject(value)) return;
    const fn = intrinsicOf(value);
    if (fn === 'Ref') {
      const target = value.Ref;
      if (typeof target !== 'string' || !(target in resources || parameters.has(target) || PSEUDO.has(target))) problems.push(`${where}: Ref to unknown ${JSON.stringify(target)}`);
      return;
    }
    if (fn === 'Fn::GetAtt') {
      const [res, ...attrParts] = Array.isArray(value[fn]) ? value[fn] : String(value[fn]).split('.');
      checkGetAtt(where, String(res), attrParts.join('.'));
      return;
    }
    if (fn === 'Fn::Sub') {
      const [text, vars] = Array.isArray(value[fn]) ? value[fn] : [value[fn], {}];
      for (const m of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const ref = m[1]!.trim();
        if (vars && ref in vars) continue;
        const dot = ref.indexOf('.');
        if (dot > 0 && !PSEUDO.has(ref)) checkGetAtt(where, ref.slice(0, dot), ref.slice(dot + 1));
        else if (!(ref in resources || parameters.has(ref) || PSEUDO.has(ref))) problems.push(`${where}: \${${ref}} names nothing`);
      }
      if (vars) checkReferences(where, vars);
      return;
    }
    if (fn === 'Fn::If' && !conditions.has(value[fn]?.[0])) problems.push(`${where}: Fn::If on unknown condition ${JSON.stringify(value[fn]?.[0])}`);
    for (const [k, v] of Object.entries(value)) checkReferences(`${where}.${k}`, v);
  }

  function checkGetAtt(where: string, res: string, attr: string): void {
    if (!(res in resources)) return void problems.push(`${where}: GetAtt of unknown resource ${res}`);
    const s = specOf.get(res);
    if (s && !(attr in s.attributes)) problems.push(`${where}: ${res} (${s.cloudFormationType}) has no attribute ${attr}; it has ${Object.keys(s.attributes).sort().join(', ')}`);
  }

  /** True when an intrinsic stands for the value: its result type is checked only for Fn::If branches. */
  function checkValue(where: string, value: Json, type: PropertyType): void {
    const fn = intrinsicOf(value);
    if (fn === 'Fn::If') {
      const [, a, b] = value[fn] as Json[];
      for (const branch of [a, b]) if (!(isObject(branch) && branch.Ref === 'AWS::NoValue')) checkValue(where, branch, type);
      return;
    }
    if (fn) return; // Ref, GetAtt, Sub, Join, Select, ...: resolved at deploy time.
    switch (type.type) {
      case 'string':
      case 'date-time':
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') problems.push(`${where}: expected a string, got ${JSON.stringify(value)}`);
        return;
      case 'integer':
      case 'number':
        if (!(typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) || (type.type === 'integer' && !Number.isInteger(Number(value))))
          problems.push(`${where}: expected ${type.type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') problems.push(`${where}: expected a boolean, got ${JSON.stringify(value)}`);
        return;
      case 'json':
        return;
      case 'null':
        if (value !== null) problems.push(`${where}: expected null`);
        return;
      case 'tag':
        if (!isObject(value) || !('Key' in value) || !('Value' in value)) problems.push(`${where}: expected a tag { Key, Value }`);
        return;
      case 'array':
        if (!Array.isArray(value)) return void problems.push(`${where}: expected a list, got ${JSON.stringify(value)}`);
        return value.forEach((v, i) => checkValue(`${where}[${i}]`, v, type.element));
      case 'map':
        if (!isObject(value)) return void problems.push(`${where}: expected a map, got ${JSON.stringify(value)}`);
        for (const [k, v] of Object.entries(value)) checkValue(`${where}.${k}`, v, type.element);
        return;
      case 'union': {
        const before = problems.length;
        const fits = type.types.some((t) => {
          const mark = problems.length;
          checkValue(where, value, t);
          const ok = problems.length === mark;
          problems.length = mark;
          return ok;
        });
        problems.length = before;
        if (!fits) problems.push(`${where}: ${JSON.stringify(value)} fits none of ${type.types.map((t) => t.type).join(', ')}`);
        return;
      }
      case 'ref': {
        const def = spec.get('typeDefinition', type.reference);
        if (!isObject(value)) return void problems.push(`${where}: expected an object (${def.name}), got ${JSON.stringify(value)}`);
        checkProperties(where, value, def.properties, def.name);
        return;
      }
    }
  }

  function checkProperties(where: string, props: Record<string, Json>, specProps: TypeDefinition['properties'], typeName: string): void {
    for (const [name, value] of Object.entries(props)) {
      const p = specProps[name];
      if (!p) problems.push(`${where}: ${typeName} has no property ${name}`);
      else checkValue(`${where}.${name}`, value, p.type);
    }
    for (const [name, p] of Object.entries(specProps)) if (p.required && !(name in props)) problems.push(`${where}: ${typeName} requires ${name}`);
  }

  for (const [name, r] of Object.entries(resources)) {
    const s = specOf.get(name);
    if (s) {
      const props = r.Properties ?? {};
      if (!isObject(props)) problems.push(`${name}: Properties must be a map`);
      else checkProperties(name, props, s.properties, s.cloudFormationType);
    }
    checkReferences(name, r.Properties ?? {});
  }
  for (const [name, o] of Object.entries<Json>(template.Outputs ?? {})) checkReferences(`Outputs.${name}`, o.Value);
  checkReferences('Conditions', template.Conditions ?? {});
  return problems;
}

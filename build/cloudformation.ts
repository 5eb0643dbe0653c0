/** Reads a CloudFormation/SAM template, turning the short-form intrinsic tags into their long form. */
import { parse, type Tags } from 'yaml';

const INTRINSICS = ['Ref', 'Condition', 'GetAtt', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or', 'Join', 'Select', 'Split', 'FindInMap', 'GetAZs', 'ImportValue', 'Base64', 'Cidr', 'Transform'];

const longName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** `!Ref X` → `{ Ref: 'X' }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`, `!If [...]` → `{ 'Fn::If': [...] }`, … */
export const CLOUDFORMATION_TAGS: Tags = INTRINSICS.flatMap((name) => {
  const key = longName(name);
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: name === 'GetAtt' ? value.split('.') : value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
  ];
}) as Tags;

/** Parses template text into plain objects. */
export function parseTemplate(text: string): unknown {
  return parse(text, { customTags: CLOUDFORMATION_TAGS });
}

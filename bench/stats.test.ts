import { describe, expect, it } from 'vitest';
import { describeTarget, judge, median, percentile, ratioOf, summarize } from './stats.ts';

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(s, 50)).toBeCloseTo(5.5);
    expect(percentile(s, 90)).toBeCloseTo(9.1);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile(s, 100)).toBe(10);
  });

  it('is the value itself for one sample and NaN for none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises an unsorted sample', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ n: 5, min: 1, p50: 3, max: 5, mean: 3 });
    expect(s.p99).toBeCloseTo(4.96);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('judge', () => {
  it('checks value/baseline against a ratio target', () => {
    const r = judge({ name: 'a', value: 3, unit: 'ms', baseline: 2, target: { on: 'ratio', op: '<=', limit: 1.5 } });
    expect(r.ratio).toBe(1.5);
    expect(r.ratioIs).toBe('value/baseline');
    expect(r.pass).toBe(true);
    expect(judge({ name: 'a', value: 3.1, unit: 'ms', baseline: 2, target: { on: 'ratio', op: '<=', limit: 1.5 } }).pass).toBe(false);
  });

  it('inverts the ratio for "× faster" targets', () => {
    const r = judge({ name: 'rank', value: 0.2, unit: 'ms', baseline: 30, target: { on: 'ratio', op: '>=', limit: 100, invert: true } });
    expect(r.ratio).toBeCloseTo(150);
    expect(r.ratioIs).toBe('baseline/value');
    expect(r.target).toBe('≥ 100× faster');
    expect(r.pass).toBe(true);
    expect(judge({ name: 'rank', value: 0.5, unit: 'ms', baseline: 30, target: { on: 'ratio', op: '>=', limit: 100, invert: true } }).pass).toBe(false);
  });

  it('checks the value itself for value targets, keeping the ratio informative', () => {
    const r = judge({ name: 'cold', value: 250, unit: 'ms', baseline: 50, target: { on: 'value', op: '<=', limit: 300 } });
    expect(r).toMatchObject({ ratio: 5, pass: true, target: '≤ 300 ms' });
    expect(judge({ name: 'calls', value: 3, unit: 'calls', baseline: null, target: { on: 'value', op: '<=', limit: 2 } })).toMatchObject({ ratio: null, ratioIs: null, pass: false });
  });

  it('fails when a number is missing or not finite', () => {
    expect(judge({ name: 'x', value: Number.NaN, unit: '', baseline: 1, target: { on: 'value', op: '<=', limit: 10 } }).pass).toBe(false);
    expect(judge({ name: 'x', value: 1, unit: '', baseline: null, target: { on: 'ratio', op: '<=', limit: 10 } }).pass).toBe(false);
    expect(judge({ name: 'x', value: 1, unit: '', baseline: 0, target: { on: 'ratio', op: '>=', limit: 0.5 } }).pass).toBe(false);
  });

  it('computes ratios and describes targets', () => {
    expect(ratioOf(4, 2)).toBe(2);
    expect(ratioOf(4, 2, true)).toBe(0.5);
    expect(ratioOf(4, null)).toBeNull();
    expect(describeTarget({ on: 'ratio', op: '>=', limit: 0.6 }, 'req/s')).toBe('ratio ≥ 0.6');
    expect(describeTarget({ on: 'value', op: '>=', limit: 1000 }, '')).toBe('≥ 1000');
  });
});

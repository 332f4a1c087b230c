import { describe, expect, it } from 'vitest';
import { LoyaltyMetricsError } from '../src/errors';
import { nps } from '../src/survey/nps';
import { describeValue } from '../src/_internal/fail';

describe('LoyaltyMetricsError', () => {
  it('is an Error with a code, details and a message naming the function, index and value', () => {
    try {
      nps([10, 'ten' as unknown as number]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(LoyaltyMetricsError);
      const e = error as LoyaltyMetricsError;
      expect(e.name).toBe('LoyaltyMetricsError');
      expect(e.code).toBe('INVALID_VALUE');
      expect(e.details).toEqual({ index: 1, value: 'ten' });
      expect(e.message).toBe('nps: invalid value at index 1: "ten" (not an integer in 0..10)');
    }
  });

  it('defaults details to an empty object', () => {
    expect(new LoyaltyMetricsError('EMPTY_INPUT', 'x: nothing').details).toEqual({});
  });

  it('describes values readably', () => {
    expect(describeValue('a')).toBe('"a"');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({})).toBe('[object Object]');
    expect(describeValue(new Date(0))).toBe('[object Date]');
    expect(describeValue(12n)).toBe('12');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(() => 'source')).toBe('[object Function]');
    expect(describeValue(Object.create(null))).toBe('[object Object]');
  });
});

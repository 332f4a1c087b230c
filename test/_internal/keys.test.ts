import { fc, test as property } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { compareKeys } from '../../src/_internal/keys';

// Distinct group keys (as a Map holds them) in a random order: finite numbers and strings.
const distinctKeys = fc
  .uniqueArray(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string()), {
    selector: (key) => (Object.is(key, -0) ? 0 : key),
    maxLength: 30,
  })
  .chain((keys) => fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }));

describe('compareKeys', () => {
  property.prop([distinctKeys])(
    'sorts numbers first, ascending, then strings by UTF-16 code units, whatever the order given',
    (keys) => {
      const numbers = keys.filter((key) => typeof key === 'number').sort((a, b) => a - b);
      // The default sort of strings compares UTF-16 code units.
      const strings = keys.filter((key) => typeof key === 'string').sort();
      expect([...keys].sort(compareKeys)).toEqual([...numbers, ...strings]);
    },
  );

  property.prop([distinctKeys])('is antisymmetric and says 0 only for a key with itself', (keys) => {
    for (const a of keys) {
      for (const b of keys) {
        const order = Math.sign(compareKeys(a, b));
        expect(order + Math.sign(compareKeys(b, a))).toBe(0);
        expect(order === 0).toBe(a === b);
      }
    }
  });
});

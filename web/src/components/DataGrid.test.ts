import { describe, expect, it } from 'vitest';
import { isNumericType } from './DataGrid';

describe('isNumericType', () => {
  it('recognizes ClickHouse number types, nullable or not', () => {
    for (const type of ['UInt8', 'Int64', 'UInt256', 'Float32', 'Float64', 'Decimal(10, 2)', 'Nullable(Int32)', 'LowCardinality(UInt16)']) {
      expect(isNumericType(type)).toBe(true);
    }
  });

  it('rejects everything else', () => {
    for (const type of ['String', 'Date', 'DateTime64(3)', 'Nullable(String)', 'Array(Int32)', 'Enum8(\'a\' = 1)', 'IPv4', undefined]) {
      expect(isNumericType(type)).toBe(false);
    }
  });
});

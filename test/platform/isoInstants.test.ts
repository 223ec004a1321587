import { IsoInstants } from '../../platform/isoInstants';

test('every instant is written as toISOString writes it, whatever the day, year or order', () => {
  const instants = new IsoInstants();
  const days = ['2026-12-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '0000-01-01T00:00:00.000Z', '-000001-12-31T12:34:56.789Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.001Z'];
  const seen: number[] = [];
  for (const day of days) {
    const start = new Date(day).getTime();
    for (const offset of [0, 1, 9, 10, 99, 100, 999, 1000, 59_999, 60_000, 3_599_999, 3_600_000, 43_210_987, -1, -1000, -86_400_000, 86_399_999]) seen.push(start + offset);
  }
  // In order, out of order, and the same instant twice in a row.
  for (const ms of [...seen, ...seen.slice().reverse(), ...seen.flatMap((ms) => [ms, ms])]) {
    expect(instants.of(new Date(ms))).toBe(new Date(ms).toISOString());
    // The day, named from the same kept day: what the transcript journal names its day folders by.
    expect(instants.dayOf(new Date(ms))).toBe(new Date(ms).toISOString().slice(0, 10));
  }
  expect(instants.of(new Date(8.64e15))).toBe('+275760-09-13T00:00:00.000Z');
  expect(instants.of(new Date(-8.64e15))).toBe('-271821-04-20T00:00:00.000Z');
});

test('an invalid instant throws, as toISOString does, and the next one is still written right', () => {
  const instants = new IsoInstants();
  expect(() => instants.of(new Date(Number.NaN))).toThrow(RangeError);
  expect(() => instants.dayOf(new Date(Number.NaN))).toThrow(RangeError);
  expect(instants.of(new Date('2026-12-01T10:00:00.123Z'))).toBe('2026-12-01T10:00:00.123Z');
});

/** What `jsonDataCopy` gives for data it does not copy. */
export const NOT_PLAIN_DATA = Symbol('not plain JSON data');

/**
 * A deep copy of plain JSON data — plain objects, arrays, strings, finite numbers, booleans and null —
 * that is exactly what JSON.parse(JSON.stringify(data)) would make of it (-0 as 0, a property named
 * `__proto__` as a property of its own), or NOT_PLAIN_DATA for anything whose JSON is not simply a copy
 * of it (undefined, a function, a class instance, a Date, a toJSON, NaN, a hole in an array...). For
 * the small, string-heavy objects bot state is made of, it is several times cheaper than JSON.parse.
 */
export function jsonDataCopy(data: unknown): unknown {
  switch (typeof data) {
    case 'string':
    case 'boolean':
      return data;
    case 'number':
      // JSON writes -0 as 0, and NaN and the infinities as null.
      return Number.isFinite(data) ? data + 0 : NOT_PLAIN_DATA;
    case 'object':
      if (data === null) return null;
      return Array.isArray(data) ? arrayCopy(data) : objectCopy(data);
    default:
      return NOT_PLAIN_DATA;
  }
}

function arrayCopy(array: unknown[]): unknown {
  if (Object.getPrototypeOf(array) !== Array.prototype) return NOT_PLAIN_DATA;
  const copy: unknown[] = [];
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) return NOT_PLAIN_DATA;
    const item = jsonDataCopy(array[i]);
    if (item === NOT_PLAIN_DATA) return NOT_PLAIN_DATA;
    copy.push(item);
  }
  return copy;
}

function objectCopy(object: object): unknown {
  const prototype = Object.getPrototypeOf(object);
  if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in object) return NOT_PLAIN_DATA;
  const copy: Record<string, unknown> = {};
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) return NOT_PLAIN_DATA;
    const value = jsonDataCopy((object as Record<string, unknown>)[key]);
    if (value === NOT_PLAIN_DATA) return NOT_PLAIN_DATA;
    // Assigning `__proto__` would set the copy's prototype; JSON.parse makes it a property.
    if (key === '__proto__') Object.defineProperty(copy, key, { value, writable: true, enumerable: true, configurable: true });
    else copy[key] = value;
  }
  return copy;
}

/**
 * The JSON a storage made an item from (without its eTag), handed with the item to the state that
 * loads it: JsonComparedState remembers how the state looked when read as exactly that JSON
 * (JSON.stringify of what JSON.parse made of JSON.stringify's own output gives it back), so it need
 * not stringify the state again. Taken once: the item is the turn's to change afterwards.
 */
const jsonOfItem = new WeakMap<object, string>();

/** Notes the JSON `item` was parsed from, for an item with no eTag of its own yet (the storage adds it after). */
export function noteStoredJson(item: object, json: string): void {
  jsonOfItem.set(item, json);
}

/** The JSON `item` was read from, if its storage noted it and nobody took it yet. */
export function takeStoredJson(item: object): string | undefined {
  const json = jsonOfItem.get(item);
  if (json !== undefined) jsonOfItem.delete(item);
  return json;
}

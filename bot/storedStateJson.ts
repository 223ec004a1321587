/**
 * The JSON of a state (without its eTag) passed between JsonComparedState and the storage beside the
 * state object itself, so that neither stringifies what the other already did.
 *
 * On a read, the storage notes the JSON it made an item from: JsonComparedState remembers how the
 * state looked when read as exactly that JSON (JSON.stringify of what JSON.parse made of
 * JSON.stringify's own output gives it back), so it need not stringify the state again.
 *
 * On a save, JsonComparedState notes the JSON it compared, made from the state just before it hands
 * the state to the storage's write: the storage writes that JSON instead of stringifying the state a
 * second time.
 *
 * Each note is taken once: the object is the turn's to change afterwards.
 */
const jsonOfItem = new WeakMap<object, string>();
const jsonToWrite = new WeakMap<object, string>();

/** Notes the JSON `item` was parsed from, for an item with no eTag of its own yet (the storage adds it after). */
export function noteStoredJson(item: object, json: string): void {
  jsonOfItem.set(item, json);
}

/** The JSON `item` was read from, if its storage noted it and nobody took it yet. */
export function takeStoredJson(item: object): string | undefined {
  return taken(jsonOfItem, item);
}

/** Notes `json`, JSON.stringify of `state` without its eTag as it is now, for the write that follows at once. */
export function noteJsonToWrite(state: object, json: string): void {
  jsonToWrite.set(state, json);
}

/** The JSON of `state` without its eTag, if its saver noted it for this write and nobody took it yet. */
export function takeJsonToWrite(state: object): string | undefined {
  return taken(jsonToWrite, state);
}

function taken(notes: WeakMap<object, string>, item: object): string | undefined {
  const json = notes.get(item);
  if (json !== undefined) notes.delete(item);
  return json;
}

// botframework-connector has no type declarations for its generated mappers; the shape used here is one field.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mappers: { Entity: { type: { additionalProperties?: unknown } } } = require('botframework-connector/lib/connectorApi/models/mappers');

/**
 * botbuilder 4.23's Connector client serialises `activity.entities` with a mapper that knows only
 * `type`, `text` and `mentioned`, so every other property is dropped on the way to the channel —
 * the schema.org citation (`citation`, `@type`, …) arrived at the channel as `{ type }` alone.
 * botbuilder-js fixed this once by letting Entity carry additional properties (pull request 2648);
 * the generated mappers lost it again. Restoring it here keeps citations intact on every channel
 * (Web Chat, Teams) that the bot reaches over HTTP. Idempotent.
 */
export function keepEntityProperties(): void {
  mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
}

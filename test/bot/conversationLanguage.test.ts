import fc from 'fast-check';
import { z } from 'zod';
import { StoredLanguageSchema, StoredProfileSchema } from '../../bot/conversationLanguage';

/**
 * Every turn reads the stored language and profile through the schemas zod compiled: whatever was
 * stored (nothing, what this version writes, what an older one or a hand wrote), they must read it
 * as the schemas do.
 */
const stored = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, 'ar', 'en', 'fr', '', 0, {}, [], { language: 'ar' }, { language: 'en' }, { language: 'de' }, { language: null }, { language: 'en', extra: 1 }, ['en']),
  fc.record({ language: fc.oneof(fc.constantFrom('ar', 'en'), fc.anything()) }, { requiredKeys: [] }),
  fc.anything({ maxDepth: 2 }),
);

test.each([
  ['profile', StoredProfileSchema],
  ['language', StoredLanguageSchema],
] as const)('the stored %s reads the same through the compiled schema as through the schema', (_name, schema: z.ZodType) => {
  const compiled = z.compile(schema, { strict: true });
  fc.assert(
    fc.property(stored, (value) => {
      expect(compiled.safeParse(value)).toEqual(schema.safeParse(value));
    }),
    { numRuns: 2000 },
  );
});

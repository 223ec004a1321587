import { content } from '../content';
import { RuleSource, ServiceCategory, ServiceCategoryId } from '../contentSchemas';
import { Language } from '../language';
import { normalizeForMatching } from '../text/normalizeText';

export { ServiceCategory, ServiceCategoryId };

/** The services the guide lists (its section is `serviceCategoriesSource()`), plus "other". */
export const serviceCategories = (): readonly ServiceCategory[] => content().rules.serviceCategories.categories;
export const serviceCategoriesSource = (): RuleSource => content().rules.serviceCategories.source;

export function categoryLabel(id: ServiceCategoryId, language: Language): string {
  return serviceCategories().find((c) => c.id === id)?.label[language] ?? id;
}

/**
 * The category a message names ("a complaint about my iqama renewal" → iqama), when exactly one
 * does; a message naming two is left for the person to choose.
 */
export function categoryMentionedIn(text: string): ServiceCategoryId | undefined {
  const said = ` ${normalizeForMatching(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ')} `;
  const found = serviceCategories().filter((c) => c.keywords.some((k) => said.includes(` ${k} `)));
  return found.length === 1 ? found[0].id : undefined;
}

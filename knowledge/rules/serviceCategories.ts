import { z } from 'zod';
import { Language } from '../language';
import { normalizeForMatching } from '../text/normalizeText';
import { RuleSource } from './responseTime';
import categoriesFile from './service-categories.json';

export const ServiceCategoryId = z.enum(['passport', 'dependants', 'residentAffairs', 'iqama', 'visitVisa', 'professionChange', 'serviceTransfer', 'other']);
export type ServiceCategoryId = z.infer<typeof ServiceCategoryId>;

const ServiceCategory = z.object({
  id: ServiceCategoryId,
  label: z.object({ ar: z.string().min(1).max(20), en: z.string().min(1).max(20) }),
  keywords: z.array(z.string()),
});
export type ServiceCategory = z.infer<typeof ServiceCategory>;

const CategoriesFile = z.object({ source: RuleSource, categories: z.array(ServiceCategory) });
const parsed = CategoriesFile.parse(categoriesFile);

/** The services the guide lists (its section is `serviceCategoriesSource`), plus "other". */
export const serviceCategories: readonly ServiceCategory[] = parsed.categories;
export const serviceCategoriesSource: RuleSource = parsed.source;

export function categoryLabel(id: ServiceCategoryId, language: Language): string {
  return serviceCategories.find((c) => c.id === id)?.label[language] ?? id;
}

/**
 * The category a message names ("a complaint about my iqama renewal" → iqama), when exactly one
 * does; a message naming two is left for the person to choose.
 */
export function categoryMentionedIn(text: string): ServiceCategoryId | undefined {
  const said = ` ${normalizeForMatching(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ')} `;
  const found = serviceCategories.filter((c) => c.keywords.some((k) => said.includes(` ${k} `)));
  return found.length === 1 ? found[0].id : undefined;
}

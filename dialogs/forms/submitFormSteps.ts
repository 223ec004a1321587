import crypto from 'node:crypto';
import { Language } from '../../knowledge/language';
import { message, MessageKey } from '../../knowledge/messages';
import { categoryLabel, ServiceCategoryId, serviceCategories } from '../../knowledge/rules/serviceCategories';
import { ApplicantType, StoredAttachment } from '../../requests/requestSchemas';

/** The questions of the form, in the order asked; "summary" is the confirmation at the end. */
export const FIELDS = ['owner', 'applicantType', 'category', 'description', 'attachments', 'nationalId', 'mobile', 'email'] as const;
export type Field = (typeof FIELDS)[number];
export type Step = Field | 'summary' | 'editField';

/** Fields a person may change from the summary (the owner's confirmation is not a detail). */
export const EDITABLE: readonly Field[] = FIELDS.filter((f) => f !== 'owner');

export interface FormValues {
  owner?: 'yes';
  applicantType?: ApplicantType;
  category?: ServiceCategoryId;
  description?: string;
  attachments?: StoredAttachment[];
  nationalId?: string;
  mobile?: string;
  email?: string;
}

/**
 * Where the form stands: kept in the form's dialog state, so a FAQ question or a help request in
 * the middle leaves it as it was, and "back" and "edit" are moves of `step`.
 */
export interface FormState {
  /**
   * This form's own id, given when it starts and kept through every step: the submission key, so a
   * confirm that arrives twice (a retry, a double press, a replay after a crash before the reply
   * went out) stores one request. Absent only in forms started before the key existed.
   */
  formId?: string;
  step: Step;
  values: FormValues;
  /** Fields already answered before they were asked (the topic in the first message): not asked going forward. */
  skip: Field[];
  /** Set while a field is changed from the summary: the answer returns to the summary. */
  editing: boolean;
}

export function startForm(category: ServiceCategoryId | undefined): FormState {
  const formId = crypto.randomUUID();
  return category
    ? { formId, step: 'owner', values: { category }, skip: ['category'], editing: false }
    : { formId, step: 'owner', values: {}, skip: [], editing: false };
}

/** The step after the current one has been answered. */
export function advance(state: FormState): FormState {
  if (state.editing || state.step === 'email') return { ...state, step: 'summary', editing: false };
  let index = FIELDS.indexOf(state.step as Field) + 1;
  const skip = [...state.skip];
  while (skip.includes(FIELDS[index])) skip.splice(skip.indexOf(FIELDS[index++]), 1);
  return { ...state, step: FIELDS[index], skip };
}

/** The step before, or undefined on the first one. From an edit or the field list, the summary. */
export function back(state: FormState): FormState | undefined {
  if (state.editing || state.step === 'editField') return { ...state, step: 'summary', editing: false };
  if (state.step === 'summary') return { ...state, step: 'email' };
  const index = FIELDS.indexOf(state.step);
  return index <= 0 ? undefined : { ...state, step: FIELDS[index - 1], skip: [] };
}

export function applicantLabel(type: ApplicantType, language: Language): string {
  return message(language, `applicant.${type}` as MessageKey);
}

export function fieldLabel(field: Field, language: Language): string {
  return message(language, `submit.field.${field}` as MessageKey);
}

export function summaryText(values: FormValues, language: Language): string {
  const attachments = values.attachments?.length ? values.attachments.map((a) => a.name).join('، ') : message(language, 'submit.summary.noAttachments');
  return message(language, 'submit.summary', {
    applicantType: values.applicantType ? applicantLabel(values.applicantType, language) : '',
    category: values.category ? categoryLabel(values.category, language) : '',
    description: values.description ?? '',
    attachments,
    nationalId: values.nationalId ?? '',
    mobile: values.mobile ?? '',
    email: values.email ?? '',
  });
}

export const categoryIds = (): ServiceCategoryId[] => serviceCategories().map((c) => c.id);

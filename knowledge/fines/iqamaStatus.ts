import { daysBetween, IsoDay } from '../dates/calendarDay';

/** Where an iqama stands on a given day: valid through its expiry day, expired from the day after. */
export type IqamaStatus = { status: 'valid'; daysLeft: number } | { status: 'expired'; daysSince: number };

export function iqamaStatus(expiry: IsoDay, today: IsoDay): IqamaStatus {
  const days = daysBetween(today, expiry);
  return days >= 0 ? { status: 'valid', daysLeft: days } : { status: 'expired', daysSince: -days };
}

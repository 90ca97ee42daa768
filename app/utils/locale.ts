/**
 * The one language the app writes dates and numbers in. Every formatter reads it from here
 * (app/utils/dates.ts for dates and times), so a second language starts with this line.
 */
export const LOCALE = 'en-US';

const numberFormat = new Intl.NumberFormat(LOCALE);

/** "1,500" */
export function formatCount(value: number) {
  return numberFormat.format(value);
}

const SPACE = 32;

/**
 * Milliseconds since the epoch of an ISO 8601 date or datetime in `bytes[start, end)`, NaN when it is
 * not one: `YYYY-MM-DD`, optionally `T` or a space and `HH:MM[:SS[.fff]]`, then optionally `Z` or
 * `±HH[:MM]` (no offset means UTC). Calendar dates are checked (no February 30th).
 */
export function parseIsoDatetime(bytes: Uint8Array, start: number, end: number): number {
  const year = digits(bytes, start, 4, end);
  if (year < 0 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return Number.NaN;
  const month = digits(bytes, start + 5, 2, end);
  const day = digits(bytes, start + 8, 2, end);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  let milliseconds = daysFromCivil(year, month, day) * 86_400_000;
  let i = start + 10;
  if (i === end) return milliseconds;
  const separator = bytes[i];
  if (separator !== 84 && separator !== 116 && separator !== SPACE) return Number.NaN;
  const hour = digits(bytes, i + 1, 2, end);
  const minute = digits(bytes, i + 4, 2, end);
  if (hour < 0 || hour > 23 || bytes[i + 3] !== 58 || minute < 0 || minute > 59) return Number.NaN;
  milliseconds += hour * 3_600_000 + minute * 60_000;
  i += 6;
  if (i < end && bytes[i] === 58) {
    const second = digits(bytes, i + 1, 2, end);
    if (second < 0 || second > 60) return Number.NaN;
    milliseconds += second * 1000;
    i += 3;
    if (i < end && (bytes[i] === 46 || bytes[i] === 44)) {
      i++;
      let scale = 100;
      const fractionStart = i;
      for (; i < end; i++) {
        const digit = (bytes[i] as number) - 48;
        if (digit < 0 || digit > 9) break;
        milliseconds += digit * scale;
        scale /= 10;
      }
      if (i === fractionStart) return Number.NaN;
    }
  }
  if (i < end) {
    const zone = bytes[i] as number;
    if ((zone === 90 || zone === 122) && i + 1 === end) {
      i++;
    } else if (zone === 43 || zone === 45) {
      const offsetHours = digits(bytes, i + 1, 2, end);
      if (offsetHours < 0 || offsetHours > 18) return Number.NaN;
      let offsetMinutes = 0;
      i += 3;
      if (i < end && bytes[i] === 58) i++;
      if (i < end) {
        offsetMinutes = digits(bytes, i, 2, end);
        if (offsetMinutes < 0 || offsetMinutes > 59) return Number.NaN;
        i += 2;
      }
      const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
      milliseconds += zone === 43 ? -offset : offset;
    } else {
      return Number.NaN;
    }
  }
  return i === end ? milliseconds : Number.NaN;
}

/** The value of `count` decimal digits at `start` (all before `end`), or -1 if any is not a digit. */
function digits(bytes: Uint8Array, start: number, count: number, end: number): number {
  if (start + count > end) return -1;
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = (bytes[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The demo's data: vega-datasets' `weather.csv` (daily weather in Seattle and New York,
 * 2012–2015, from NOAA), turned into a forecasting task — will it rain tomorrow? — by labelling
 * each day with whether the next day at the same place had precipitation. Today's weather is the
 * model's input; nothing of tomorrow leaks into it.
 */

export interface WeatherDay {
  date: string;
  location: string;
  precipitation: number;
  temp_max: number;
  temp_min: number;
  wind: number;
  weather: string;
  rain_tomorrow: boolean;
}

export const WEATHER_COLUMNS = [
  'date',
  'location',
  'precipitation',
  'temp_max',
  'temp_min',
  'wind',
  'weather',
  'rain_tomorrow',
] as const;

export function weatherCsvPath(): string {
  // The package exports only its JS entry (build/index.js); the data folder sits next to build/.
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(dirname(entry)), 'data', 'weather.csv');
}

/** Every labelled day (the last day of each place has no tomorrow and is left out). */
export function labelledWeather(path = weatherCsvPath()): WeatherDay[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  const at = (name: string) => {
    const index = names.indexOf(name);
    if (index < 0) throw new Error(`${path}: no column "${name}"`);
    return index;
  };
  const columns = {
    location: at('location'),
    date: at('date'),
    precipitation: at('precipitation'),
    temp_max: at('temp_max'),
    temp_min: at('temp_min'),
    wind: at('wind'),
    weather: at('weather'),
  };
  const rows = lines.map((line, index) => {
    const cells = line.split(',');
    if (cells.length !== names.length)
      throw new Error(`${path}:${index + 2}: expected ${names.length} fields`);
    return {
      location: cells[columns.location]!,
      date: cells[columns.date]!,
      precipitation: Number(cells[columns.precipitation]),
      temp_max: Number(cells[columns.temp_max]),
      temp_min: Number(cells[columns.temp_min]),
      wind: Number(cells[columns.wind]),
      weather: cells[columns.weather]!,
    };
  });
  rows.sort((a, b) => a.location.localeCompare(b.location) || a.date.localeCompare(b.date));
  const days: WeatherDay[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    const today = rows[i]!;
    const tomorrow = rows[i + 1]!;
    if (tomorrow.location !== today.location || nextDate(today.date) !== tomorrow.date) continue;
    days.push({ ...today, rain_tomorrow: tomorrow.precipitation > 0 });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date) || a.location.localeCompare(b.location));
}

function nextDate(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

export function toCsv(days: readonly WeatherDay[]): string {
  return [
    WEATHER_COLUMNS.join(','),
    ...days.map((day) => WEATHER_COLUMNS.map((c) => String(day[c])).join(',')),
  ]
    .join('\n')
    .concat('\n');
}

export const inYears =
  (...years: number[]) =>
  (day: WeatherDay) =>
    years.includes(Number(day.date.slice(0, 4)));

export const inMonths =
  (...months: number[]) =>
  (day: WeatherDay) =>
    months.includes(Number(day.date.slice(5, 7)));

import { existsSync } from 'node:fs';
import maxmind, { type CountryResponse } from 'maxmind';
import { AppError } from '../../../shared/errors.ts';

export type CountryLookup = (ip: string) => string | null;

/**
 * Opens the user's MaxMind-format database (GeoLite2/GeoIP2 Country or City), if one is set.
 * No database means no lookup: a country is then "unknown", never guessed.
 */
export async function openGeoip(path: string | null): Promise<CountryLookup | null> {
  if (!path) return null;
  if (!existsSync(path)) throw new AppError('invalid_input', `The GeoIP database ${path} is missing; choose it again in the activity settings or clear the setting.`);
  let reader;
  try {
    reader = await maxmind.open<CountryResponse>(path, { watchForUpdates: false });
  } catch (e) {
    throw new AppError('invalid_input', `${path} is not a MaxMind .mmdb database: ${(e as Error).message}`);
  }
  const cache = new Map<string, string | null>();
  return (ip) => {
    let c = cache.get(ip);
    if (c === undefined) {
      const r = reader.get(ip);
      c = r?.country?.iso_code ?? r?.registered_country?.iso_code ?? null;
      cache.set(ip, c);
    }
    return c;
  };
}

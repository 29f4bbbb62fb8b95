import { existsSync, readFileSync } from 'node:fs';
import maxmind, { Reader, type CountryResponse } from 'maxmind';
import type { IpPlaceLookup } from '../../../shared/activity/rules/device-rule.ts';
import { countryCentroid, countryName, type Place } from '../../../shared/activity/geo.ts';
import type { Locate } from '../../../shared/activity/rules/rule.ts';
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
      // Started again when full: memory stays flat however many distinct addresses a file has.
      if (cache.size >= 65_536) cache.clear();
      cache.set(ip, c);
    }
    return c;
  };
}

/** The GeoIP database's country for an address, opened synchronously (for the device rules); null without a database. */
export function openCountryLookupSync(path: string | null): CountryLookup | null {
  if (!path || !existsSync(path)) return null;
  let reader: Reader<CountryResponse>;
  try {
    reader = new Reader<CountryResponse>(readFileSync(path));
  } catch {
    return null;
  }
  return (ip) => {
    const r = reader.get(ip);
    return r?.country?.iso_code ?? r?.registered_country?.iso_code ?? null;
  };
}

type CityResponse = CountryResponse & {
  city?: { names?: Record<string, string> };
  location?: { latitude?: number; longitude?: number };
  subdivisions?: { iso_code?: string; names?: Record<string, string> }[];
};

/**
 * What the GeoIP database says about an address, as finely as it says it (for the device rules):
 * the country always, the region (first subdivision) and city when it is a City database, null
 * without a database or for an address it does not place.
 */
export function openPlaceLookupSync(path: string | null): IpPlaceLookup | null {
  if (!path || !existsSync(path)) return null;
  let reader: Reader<CityResponse>;
  try {
    reader = new Reader<CityResponse>(readFileSync(path));
  } catch {
    return null;
  }
  return (ip) => {
    const r = reader.get(ip);
    const country = r?.country?.iso_code ?? r?.registered_country?.iso_code ?? null;
    if (!country) return null;
    const sub = r?.subdivisions?.[0];
    const lat = r?.location?.latitude;
    const lon = r?.location?.longitude;
    return {
      country,
      region: sub?.names?.en ?? null,
      regionCode: sub?.iso_code ?? null,
      city: r?.city?.names?.en ?? null,
      coordinates: typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : null,
    };
  };
}

/**
 * Where an address is, for impossible travel (NA-01): the city and coordinates the GeoIP database
 * (GeoLite2/GeoIP2 City) holds for it, else the centre of the event's country (a Country database,
 * no database, or an address it does not place). Opened synchronously, so that either thread of an
 * import, and the worker reading a case back, can build one.
 */
export function openLocator(path: string | null): Locate {
  let reader: Reader<CityResponse> | null = null;
  if (path && existsSync(path)) {
    try {
      reader = new Reader<CityResponse>(readFileSync(path));
    } catch {
      reader = null;
    }
  }
  return memo2((ip, country) => {
    const r = reader?.get(ip);
    const lat = r?.location?.latitude;
    const lon = r?.location?.longitude;
    const cc = r?.country?.iso_code ?? country;
    if (typeof lat === 'number' && typeof lon === 'number') {
      const city = r?.city?.names?.en;
      return { lat, lon, label: city ? `${city}, ${countryName(cc ?? '')}` : `${lat.toFixed(2)}, ${lon.toFixed(2)} (${countryName(cc ?? '')})`, country: cc ?? null, precision: city ? 'city' : 'country' };
    }
    return country ? countryCentroid(country) : null;
  });
}

/** Memoised by address (an address nearly always comes with the same country), in a map that starts again when full. */
const memo2 = (fn: Locate): Locate => {
  const cache = new Map<string, { country: string | null; place: Place | null }>();
  return (ip, country) => {
    let v = cache.get(ip);
    if (v === undefined || v.country !== country) {
      if (cache.size >= 65_536) cache.clear();
      cache.set(ip, (v = { country, place: fn(ip, country) }));
    }
    return v.place;
  };
};

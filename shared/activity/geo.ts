import countries from 'world-countries';
import ct from 'countries-and-timezones';

/**
 * Countries, their approximate centre and the places a claimed location can name, offline.
 * Country names, alternative spellings and centre coordinates come from the `world-countries`
 * package (mledoze/countries, ODbL; `latlng` is the country's approximate centre); time zones and
 * the countries using them from `countries-and-timezones` (from the IANA time-zone database).
 */

export type Place = { lat: number; lon: number; label: string; country: string | null; precision: 'city' | 'country' };

type CountryInfo = { name: string; lat: number; lon: number };
const BY_CODE = new Map<string, CountryInfo>(countries.map((c) => [c.cca2, { name: c.name.common, lat: c.latlng[0], lon: c.latlng[1] }]));

export const countryName = (code: string): string => BY_CODE.get(code)?.name ?? code;

/** The country's approximate centre (the `world-countries` latlng), or null for an unknown code. */
export function countryCentroid(code: string): Place | null {
  const c = BY_CODE.get(code);
  return c ? { lat: c.lat, lon: c.lon, label: `${c.name} (centre of the country)`, country: code, precision: 'country' } : null;
}

const EARTH_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const norm = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Country names and alternative spellings (three letters or more), normalised. */
const NAMES = new Map<string, string>();
for (const c of countries) {
  for (const n of [c.name.common, c.name.official, ...c.altSpellings, ...Object.values(c.demonyms).flatMap((d) => [d.m, d.f])]) {
    const k = norm(n);
    if (k.length >= 3 && !NAMES.has(k)) NAMES.set(k, c.cca2);
  }
}
for (const [k, v] of [['usa', 'US'], ['united states', 'US'], ['uk', 'GB'], ['england', 'GB'], ['scotland', 'GB'], ['wales', 'GB'], ['korea', 'KR'], ['south korea', 'KR'], ['north korea', 'KP']] as const) NAMES.set(k, v);

/** The cities the IANA time-zone database names (America/New_York → New York), with their zone and country. */
const ZONE_CITIES = new Map<string, { zone: string; country: string }>();
// A zone's first country is the one it is named for (zone.tab order: America/Toronto is CA, then BS).
for (const tz of Object.values(ct.getAllTimezones())) {
  if (tz.countries.length === 0 || tz.aliasOf) continue;
  const city = norm(tz.name.split('/').pop()!.replace(/_/g, ' '));
  if (city && !ZONE_CITIES.has(city)) ZONE_CITIES.set(city, { zone: tz.name, country: tz.countries[0]! });
}

/** U.S. states and DC, by name and USPS abbreviation (USPS Publication 28, appendix B). */
const US_STATES =
  'AL Alabama,AK Alaska,AZ Arizona,AR Arkansas,CA California,CO Colorado,CT Connecticut,DE Delaware,DC District of Columbia,FL Florida,GA Georgia,HI Hawaii,ID Idaho,IL Illinois,IN Indiana,IA Iowa,KS Kansas,KY Kentucky,LA Louisiana,ME Maine,MD Maryland,MA Massachusetts,MI Michigan,MN Minnesota,MS Mississippi,MO Missouri,MT Montana,NE Nebraska,NV Nevada,NH New Hampshire,NJ New Jersey,NM New Mexico,NY New York,NC North Carolina,ND North Dakota,OH Ohio,OK Oklahoma,OR Oregon,PA Pennsylvania,RI Rhode Island,SC South Carolina,SD South Dakota,TN Tennessee,TX Texas,UT Utah,VT Vermont,VA Virginia,WA Washington,WV West Virginia,WI Wisconsin,WY Wyoming';
const STATE_NAMES = new Set<string>();
const STATE_CODES = new Set<string>();
for (const s of US_STATES.split(',')) {
  STATE_CODES.add(s.slice(0, 2));
  STATE_NAMES.add(norm(s.slice(3)));
}

/** The zones of a country, when it has exactly one offset all year (else null: which one is not known). */
function onlyZone(country: string): string | null {
  const zones = ct.getTimezonesForCountry(country) ?? [];
  const offsets = new Set(zones.flatMap((z) => [z.utcOffset, z.dstOffset]));
  return zones.length && offsets.size <= 2 && new Set(zones.map((z) => z.utcOffset)).size === 1 ? zones[0]!.name : null;
}

export type ClaimedPlace = { country: string; zone: string | null; matched: string };

/**
 * Reads a claimed location written by a person ("New York, NY", "Seoul", "Lyon, France",
 * "Austin TX USA"): a country name or spelling, else a city that names a time zone, else a U.S.
 * state, else a two-letter country code. Null when nothing in it names a place Casebook knows;
 * street addresses are not geocoded (no offline gazetteer of streets and towns).
 */
export function placeOf(location: string): ClaimedPlace | null {
  const parts = location.split(/[,;/|()\n]+/).map((p) => p.trim()).filter(Boolean).reverse();
  const words = (p: string) => norm(p).split(' ').filter(Boolean);
  // Every run of words of each part, longest first: "New York City" holds "new york".
  const runs = (p: string) => {
    const w = words(p);
    const out: string[] = [];
    for (let len = w.length; len >= 1; len--) for (let i = 0; i + len <= w.length; i++) out.push(w.slice(i, i + len).join(' '));
    return out;
  };
  for (const p of parts) {
    for (const r of runs(p)) {
      const cc = r.length >= 3 ? NAMES.get(r) : undefined;
      if (cc) {
        const city = parts.flatMap(runs).map((x) => ZONE_CITIES.get(x)).find((z) => z?.country === cc);
        return { country: cc, zone: city?.zone ?? onlyZone(cc), matched: r };
      }
    }
  }
  for (const p of parts) for (const r of runs(p)) {
    const z = ZONE_CITIES.get(r);
    if (z) return { country: z.country, zone: z.zone, matched: r };
  }
  for (const p of parts) for (const r of runs(p)) if (STATE_NAMES.has(r)) return { country: 'US', zone: null, matched: r };
  for (const p of parts) {
    for (const t of p.split(/\s+/)) {
      if (STATE_CODES.has(t)) return { country: 'US', zone: null, matched: t };
      if (/^[A-Z]{2}$/.test(t) && BY_CODE.has(t)) return { country: t, zone: onlyZone(t), matched: t };
    }
  }
  return null;
}

/** The country an IANA zone is named for (America/New_York: US), or null. */
export function zoneCountry(zone: string): string | null {
  return ct.getTimezone(zone)?.countries[0] ?? null;
}

/** Countries with a zone whose standard or summer offset (minutes) lies in [from, to]. */
export function countriesAtOffsets(from: number, to: number): string[] {
  const out = new Set<string>();
  for (const tz of Object.values(ct.getAllTimezones())) {
    if ((tz.utcOffset >= from && tz.utcOffset <= to) || (tz.dstOffset >= from && tz.dstOffset <= to)) for (const c of tz.countries) out.add(c);
  }
  return [...out].sort();
}

import { describe, expect, it } from 'vitest';
import { countriesAtOffsets, countryCentroid, distanceKm, placeOf, zoneCountry } from '../../shared/activity/geo.ts';
import { networkOf } from '../../shared/activity/address.ts';

describe('reading a claimed location offline', () => {
  it('reads countries, cities that name a time zone, U.S. states and codes, and says nothing for what it cannot read', () => {
    const read = (l: string) => placeOf(l) && [placeOf(l)!.country, placeOf(l)!.zone];
    expect(read('New York, NY')).toEqual(['US', 'America/New_York']);
    expect(read('Los Angeles, CA')).toEqual(['US', 'America/Los_Angeles']);
    expect(read('Toronto, CA')).toEqual(['CA', 'America/Toronto']);
    expect(read('Springfield, IL')).toEqual(['US', null]);
    expect(read('Lyon, France')).toEqual(['FR', 'Europe/Paris']);
    expect(read('Seoul')).toEqual(['KR', 'Asia/Seoul']);
    expect(read('Republic of Korea')).toEqual(['KR', 'Asia/Seoul']);
    expect(read('Shenyang, China')).toEqual(['CN', null]);
    expect(read('Kraków, Poland')).toEqual(['PL', 'Europe/Warsaw']);
    expect(placeOf('somewhere near the lake')).toBeNull();
    expect(zoneCountry('America/Chicago')).toBe('US');
  });

  it('measures great-circle distances between country centres, and finds the countries with a zone in a range of offsets', () => {
    expect(Math.round(distanceKm(countryCentroid('US')!, countryCentroid('KP')!))).toBeGreaterThan(10_000);
    expect(Math.round(distanceKm({ lat: 40.7128, lon: -74.006 }, { lat: 51.5074, lon: -0.1278 }))).toBe(5570);
    expect(countriesAtOffsets(540, 540)).toEqual(expect.arrayContaining(['JP', 'KP', 'KR']));
    expect(countriesAtOffsets(540, 540)).not.toContain('CN');
  });

  it('counts an IPv6 address as its /64 and an IPv4 address as itself', () => {
    expect(networkOf('2001:db8:5:7:a1b2:c3d4:e5f6:1')).toBe('2001:db8:5:7::/64');
    expect(networkOf('2001:db8:5:7::99')).toBe('2001:db8:5:7::/64');
    expect(networkOf('192.0.2.1')).toBe('192.0.2.1');
  });
});

import { describe, expect, it } from 'vitest';
import { cryptoKey, documentKey, parseRemarks, splitPrograms } from '../../shared/sanctions/remarks.ts';

const find = (remarks: string, kind: string) => parseRemarks(remarks).items.filter((i) => i.kind === kind);

describe('remark parsing', () => {
  it('reads digital-currency addresses per chain, with or without "alt."', () => {
    const items = find('Digital Currency Address - XBT 1AbC; alt. Digital Currency Address - ETH 0xAbC1; Digital Currency Address - USDT TXyZ; Digital Currency Address - LTC ltc1q9; Digital Currency Address - TRX TRon1; Digital Currency Address - XMR 4Mon.', 'crypto');
    expect(items.map((i) => [i.chain, i.value])).toEqual([['XBT', '1AbC'], ['ETH', '0xAbC1'], ['USDT', 'TXyZ'], ['LTC', 'ltc1q9'], ['TRX', 'TRon1'], ['XMR', '4Mon']]);
  });

  it('reads passports and national IDs with their country and the text after them', () => {
    const r = parseRemarks('Passport 109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024; alt. Passport 827220538 (Korea, North); National ID No. 12 345 678 (Colombia); Cedula No. 79.123.456 (Colombia); D.N.I. 40123456 (Peru); Passport A1234567.');
    expect(r.items.map((i) => [i.kind, i.value, i.country, i.detail])).toEqual([
      ['passport', '109420132', 'Korea, North', 'issued 16 Oct 2019 expires 16 Oct 2024'],
      ['passport', '827220538', 'Korea, North', null],
      ['national_id', '12 345 678', 'Colombia', null],
      ['national_id', '79.123.456', 'Colombia', null],
      ['national_id', '40123456', 'Peru', null],
      ['passport', 'A1234567', null, null],
    ]);
  });

  it('reads DOB, place of birth, nationality, citizenship and gender', () => {
    const r = parseRemarks('DOB 25 Apr 1965; alt. DOB circa 1966; POB North Pyongan Province, North Korea; nationality Korea, North; citizen Russia; Gender Male.');
    expect(r.items.map((i) => [i.kind, i.value])).toEqual([
      ['dob', '25 Apr 1965'], ['dob', 'circa 1966'], ['pob', 'North Pyongan Province, North Korea'], ['nationality', 'Korea, North'], ['citizenship', 'Russia'], ['gender', 'Male'],
    ]);
  });

  it('reads tax and registration numbers under their many labels, the longest label winning', () => {
    const r = parseRemarks('Tax ID No. 7702070139 (Russia); Business Registration Number 0110 (Turkey); Registration Number 9855920 (Turkey); Unified Social Credit Code (USCC) 91210100X; NIT # 900.123 (Colombia); RUC # 2012 (Peru); Company Number 0815; Legal Entity Number 5493.');
    expect(r.items.map((i) => [i.kind, i.label, i.value])).toEqual([
      ['tax_id', 'Tax ID No.', '7702070139'],
      ['registration', 'Business Registration Number', '0110'],
      ['registration', 'Registration Number', '9855920'],
      ['registration', 'Unified Social Credit Code (USCC)', '91210100X'],
      ['tax_id', 'NIT #', '900.123'],
      ['tax_id', 'RUC #', '2012'],
      ['registration', 'Company Number', '0815'],
      ['registration', 'Legal Entity Number', '5493'],
    ]);
  });

  it('reads linked-to entities, aliases, vessel and contact identifiers, and keeps the rest as notes', () => {
    const r = parseRemarks("Linked To: CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY; a.k.a. 'BNC'; f.k.a. 'OLD NAME CO.'; Vessel Registration Identification IMO 9123456; MMSI 445123000; Email Address a@b.example; Website www.b.example; Phone Number +850 2 381; Secondary sanctions risk: section 1(b) of Executive Order 13224.");
    expect(r.items.map((i) => [i.kind, i.label, i.value])).toEqual([
      ['linked_to', 'Linked To', 'CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY'],
      ['aka', 'aka', 'BNC'],
      ['aka', 'fka', 'OLD NAME CO.'],
      ['other_id', 'Vessel Registration Identification IMO', '9123456'],
      ['other_id', 'MMSI', '445123000'],
      ['email', 'Email Address', 'a@b.example'],
      ['website', 'Website', 'www.b.example'],
      ['phone', 'Phone Number', '+850 2 381'],
    ]);
    expect(r.notes).toEqual(['Secondary sanctions risk: section 1(b) of Executive Order 13224']);
  });

  it('gives nothing for empty remarks', () => {
    expect(parseRemarks(null)).toEqual({ items: [], notes: [] });
    expect(parseRemarks('')).toEqual({ items: [], notes: [] });
  });

  it('splits programs joined by "] ["', () => {
    expect(splitPrograms('DPRK3] [DPRK4')).toEqual(['DPRK3', 'DPRK4']);
    expect(splitPrograms('SDGT] [IFSR] [IRGC')).toEqual(['SDGT', 'IFSR', 'IRGC']);
    expect(splitPrograms('DPRK2')).toEqual(['DPRK2']);
    expect(splitPrograms(null)).toEqual([]);
  });

  it('compares hex and bech32 addresses without case and base58 addresses as written', () => {
    expect(cryptoKey('0xAbCd')).toBe('0xabcd');
    expect(cryptoKey('BC1QXY')).toBe('bc1qxy');
    expect(cryptoKey('1D6gG9iKEh')).toBe('1D6gG9iKEh');
    expect(documentKey('no. 12-345 678')).toBe('NO12345678');
  });
});

import { describe, expect, it } from 'vitest';
import { identifierSearchKey, normaliseIdentifier, type IdentifierKind } from '../../shared/identifiers.ts';

type Valid = [kind: IdentifierKind, input: string, qualifier: string | null, normalised: string];
type Invalid = [kind: IdentifierKind, input: string, qualifier: string | null, why: RegExp];

const VALID: Valid[] = [
  ['email', 'John.Doe@Example.COM', null, 'john.doe@example.com'],
  ['email', 'mailto:a+tag@sub.example.org', null, 'a+tag@sub.example.org'],
  ['phone', '+1 (650) 253-0000', null, '+16502530000'],
  ['phone', '0044 20 7946 0958', null, '+442079460958'],
  ['phone', '020 7946 0958', 'GB', '+442079460958'],
  ['ip', '192.168.1.20', null, '192.168.1.20'],
  ['ip', '2001:DB8:0:0:0:0:0:1', null, '2001:db8::1'],
  ['ip', '::ffff:203.0.113.7', null, '203.0.113.7'],
  ['ip', '10.0.0.0/8', null, '10.0.0.0/8'],
  ['ip', '2001:db8::/32', null, '2001:db8::/32'],
  ['wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', null, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
  ['wallet', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'BTC', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'],
  ['wallet', 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', null, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
  ['wallet', 'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297', null, 'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297'],
  ['wallet', '0x52908400098527886E0F7030069857D2E4169EE7', 'ETH', '0x52908400098527886e0f7030069857d2e4169ee7'],
  ['wallet', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'USDT-ETH', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'],
  ['wallet', 'USDC-ETH:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359', null, '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359'],
  ['wallet', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', 'USDT-TRON', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7'],
  ['wallet', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', 'TRX', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7'],
  ['wallet', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', 'USDC-TRON', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7'],
  ['wallet', 'LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz', 'LTC', 'LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz'],
  ['wallet', 'ltc1qqv9pzxqlyckngw6zf9g9whn9d3eh4qvgr3a900', null, 'ltc1qqv9pzxqlyckngw6zf9g9whn9d3eh4qvgr3a900'],
  ['bank_account', 'GB82 WEST 1234 5698 7654 32', null, 'GB82WEST12345698765432'],
  ['bank_account', 'de89 3704 0044 0532 0130 00', null, 'DE89370400440532013000'],
  ['bank_account', '0001-2345-6789', '021000021', '021000021/000123456789'],
  ['payment_account', 'payoneer:Worker@Mail.com', null, 'payoneer:worker@mail.com'],
  ['payment_account', '12-345 678', 'Wise', 'wise:12345678'],
  ['platform_handle', 'https://github.com/Octocat', null, 'github:octocat'],
  ['platform_handle', '@Dev_Kim2024', 'Telegram', 'telegram:dev_kim2024'],
  ['platform_handle', 'upwork:~01ab23cd45ef', null, 'upwork:~01ab23cd45ef'],
  ['device', '00-1A-2B-3C-4D-5E', null, '00:1a:2b:3c:4d:5e'],
  ['device', '001a.2b3c.4d5e', null, '00:1a:2b:3c:4d:5e'],
  ['device', 'c02x k1zz-jgh5', null, 'C02XK1ZZJGH5'],
  ['address', '12 Main St., Springfield,  IL 62701, USA', null, '12 main st springfield il 62701 usa'],
  ['document', 'kp:109 420 132', null, 'KP:109420132'],
  ['document', 'X1234567', 'cn', 'CN:X1234567'],
];

const INVALID: Invalid[] = [
  ['email', 'john.doe.example.com', null, /no "@"/],
  ['email', 'a@b@example.com', null, /more than one "@"/],
  ['email', 'john@localhost', null, /has no dot/],
  ['email', 'jo hn@example.com', null, /characters/],
  ['phone', '650 253 0000', null, /no country code/],
  ['phone', '+1 555 0100', null, /not a valid number|too few/],
  ['phone', '+1 650 CALL NOW', null, /letters/],
  ['phone', '12345', 'US', /too few digits/],
  ['phone', '020 7946 0958', 'ZZ', /not a two-letter country code/],
  ['ip', '256.1.1.1', null, /above 255/],
  ['ip', '010.1.1.1', null, /leading zero/],
  ['ip', '10.1.1', null, /four parts/],
  ['ip', '10.0.0.5/24', null, /host bits set; the range starting there is 10\.0\.0\.0\/24/],
  ['ip', '10.0.0.0/33', null, /more than 32/],
  ['ip', '2001:db8:::1', null, /not a valid IPv6/],
  ['ip', 'example.com', null, /not an IP address/],
  ['wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', null, /base58check checksum/],
  ['wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0I', null, /characters base58 does not use/],
  ['wallet', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx', null, /bech32 checksum/],
  ['wallet', 'bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', null, /mixes upper and lower case/],
  ['wallet', '0x52908400098527886E0F7030069857D2E4169Ee7', null, /EIP-55 checksum/],
  ['wallet', '0x1234', 'ETH', /40 hexadecimal digits; this has 4/],
  ['wallet', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU8', null, /base58check checksum/],
  ['wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'TRX', /TRON address/],
  ['wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'LTC', /not a LTC address type/],
  ['wallet', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'DOGE', /not one of BTC/],
  ['wallet', 'xyz', null, /does not look like BTC, ETH, TRON or LTC/],
  ['bank_account', 'GB82 WEST 1234 5698 7654 33', null, /IBAN check digits/],
  ['bank_account', 'GB82 WEST 1234', null, /wrong length/],
  ['bank_account', 'acct#12', null, /IBAN or an account number/],
  ['payment_account', 'someone@example.com', null, /needs the provider/],
  ['payment_account', 'paypal:bad@', null, /e-mail address that/],
  ['platform_handle', 'octocat', null, /needs the platform/],
  ['platform_handle', 'github:-bad-', null, /not a valid github name/],
  ['platform_handle', 'telegram:@ab', null, /not a valid telegram name/],
  ['platform_handle', 'linkedin:john doe', null, /contains spaces/],
  ['device', '00:1a:2b:3c:4d', null, /six pairs/],
  ['device', 'ab', null, /too short/],
  ['device', 'SN#123456', null, /letters, digits/],
  ['address', 'Main', null, /too short/],
  ['address', '12345 678 90', null, /no letters/],
  ['document', '109420132', null, /needs the issuing country/],
  ['document', 'ZZ:109420132', null, /not a two-letter country code/],
  ['document', 'KP:12', null, /4 to 24/],
  ['document', 'KP:1094/20132', null, /letters and digits/],
  ['email', '', null, /is empty/],
  ['device', 'ABC\u0007DEF', null, /control characters/],
];

describe('identifier normalisation', () => {
  it.each(VALID)('%s %j (qualifier %s) normalises to %s', (kind, input, qualifier, normalised) => {
    const r = normaliseIdentifier(kind, input, qualifier);
    expect(r).toMatchObject({ ok: true, identifier: { kind, value: normalised } });
  });

  it.each(INVALID)('%s %j (qualifier %s) is refused saying why', (kind, input, qualifier, why) => {
    const r = normaliseIdentifier(kind, input, qualifier);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });

  it('notes VoIP numbers and the country of a phone', () => {
    const r = normaliseIdentifier('phone', '+44 56 1234 5678');
    expect(r).toMatchObject({ ok: true, identifier: { value: '+445612345678', details: { country: 'GB', type: 'VOIP', voip: 'yes' } } });
  });

  it('keeps the chain of a wallet as its qualifier while USDT and ETH on one address compare equal', () => {
    const a = normaliseIdentifier('wallet', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'USDT-ETH');
    const b = normaliseIdentifier('wallet', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'ETH');
    expect(a.ok && b.ok && a.identifier.value === b.identifier.value).toBe(true);
    expect(a.ok && a.identifier.qualifier).toBe('USDT-ETH');
  });

  it('turns pasted search text into the normalised value it most likely is', () => {
    expect(identifierSearchKey(' Foo@Example.com ')).toBe('foo@example.com');
    expect(identifierSearchKey('2001:DB8::0:1')).toBe('2001:db8::1');
    expect(identifierSearchKey('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
    expect(identifierSearchKey('+1 650 253 0000')).toBe('+16502530000');
    expect(identifierSearchKey('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2');
  });
});

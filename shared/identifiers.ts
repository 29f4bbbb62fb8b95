import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { electronicFormatIBAN, validateIBAN, ValidationErrorsIBAN, isValidBIC } from 'ibantools';
import ipaddr from 'ipaddr.js';
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { hasBinaryControlChars, hasControlChars } from './text.ts';

export const IDENTIFIER_KINDS = [
  'email',
  'phone',
  'ip',
  'wallet',
  'bank_account',
  'payment_account',
  'platform_handle',
  'device',
  'address',
  'document',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const KIND_LABELS: Record<IdentifierKind, string> = {
  email: 'E-mail',
  phone: 'Phone',
  ip: 'IP address / range',
  wallet: 'Crypto wallet',
  bank_account: 'Bank account / IBAN',
  payment_account: 'Payment account',
  platform_handle: 'Platform handle',
  device: 'Device serial / MAC',
  address: 'Shipping address',
  document: 'Identity document',
};

/** What the qualifier means for a kind; kinds without one ignore it. */
export const QUALIFIER_LABELS: Partial<Record<IdentifierKind, string>> = {
  phone: 'default country (for numbers without +)',
  wallet: 'chain',
  bank_account: 'bank code / BIC (for non-IBAN accounts)',
  payment_account: 'provider',
  platform_handle: 'platform',
  document: 'issuing country',
};

export const WALLET_CHAINS = ['BTC', 'ETH', 'USDT-ETH', 'USDT-TRON', 'USDC-ETH', 'USDC-TRON', 'TRX', 'LTC'] as const;
export type WalletChain = (typeof WALLET_CHAINS)[number];

export const PAYMENT_PROVIDERS = ['paypal', 'payoneer', 'wise', 'revolut', 'skrill', 'alipay', 'wechat pay', 'venmo', 'zelle', 'cash app', 'stripe', 'other'] as const;
export const PLATFORMS = ['upwork', 'freelancer', 'fiverr', 'toptal', 'github', 'gitlab', 'linkedin', 'telegram', 'discord', 'slack', 'skype', 'whatsapp', 'x', 'indeed', 'other'] as const;

export const COUNTRY_CODES: readonly string[] = getCountries();
export const isCountryCode = (s: string): boolean => COUNTRY_CODES.includes(s);

/** A value as stored: `value` is the normalised form compared across cases; `display` is what the officer typed, tidied. */
export type NormalisedIdentifier = {
  kind: IdentifierKind;
  value: string;
  display: string;
  qualifier: string | null;
  details: Record<string, string>;
};

export type NormaliseResult = { ok: true; identifier: NormalisedIdentifier } | { ok: false; message: string };

type Normaliser = (raw: string, qualifier: string | null) => NormaliseResult;

const fail = (message: string): NormaliseResult => ({ ok: false, message });
const ok = (kind: IdentifierKind, value: string, display: string, qualifier: string | null, details: Record<string, string> = {}): NormaliseResult => ({
  ok: true,
  identifier: { kind, value, display, qualifier, details },
});

/** `QUALIFIER:value` is accepted as shorthand where a kind needs a qualifier and none was given. */
function splitQualifier(raw: string, qualifier: string | null, known?: (q: string) => boolean): { q: string | null; v: string } {
  if (qualifier) return { q: qualifier, v: raw };
  const m = /^([A-Za-z][A-Za-z0-9 .-]{0,29}):(?!\/\/)(.+)$/.exec(raw);
  if (m && (!known || known(m[1]!))) return { q: m[1]!, v: m[2]!.trim() };
  return { q: null, v: raw };
}

// RFC 5322 is far wider than what mail systems accept; this is the practical subset.
const EMAIL_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

function normaliseEmail(raw: string): NormaliseResult {
  const v = raw.replace(/^mailto:/i, '');
  if (!v.includes('@')) return fail('has no "@": an e-mail address looks like name@example.com');
  if (v.split('@').length > 2) return fail('has more than one "@"');
  const [local, domain] = v.split('@') as [string, string];
  if (!local) return fail('has nothing before the "@"');
  if (local.length > 64) return fail('has more than 64 characters before the "@"');
  if (!domain.includes('.')) return fail(`the domain "${domain}" has no dot (like example.com)`);
  if (!EMAIL_RE.test(v)) return fail('contains characters an e-mail address cannot have, or the domain is malformed');
  // Mail providers treat the local part case-insensitively in practice, so matches across cases must too.
  return ok('email', v.toLowerCase(), v, null, { domain: domain.toLowerCase() });
}

function normalisePhone(raw: string, qualifier: string | null): NormaliseResult {
  const country = qualifier?.toUpperCase() ?? null;
  if (country && !isCountryCode(country)) return fail(`the default country "${qualifier}" is not a two-letter country code like US or GB`);
  if (/[a-z]/i.test(raw.replace(/\s*(ext\.?|x)\s*\d+$/i, ''))) return fail('contains letters; a phone number has digits, spaces, +, -, ( and ) only');
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 6) return fail('has too few digits to be a phone number');
  if (!raw.trim().startsWith('+') && !raw.trim().startsWith('00') && !country) {
    return fail('has no country code: write it with + and the country code (like +1 650 253 0000) or give the default country');
  }
  const p = parsePhoneNumberFromString(raw.trim().replace(/^00/, '+'), country ? { defaultCountry: country as CountryCode } : undefined);
  if (!p) return fail('is not a phone number the numbering plan recognises');
  if (!p.isValid()) return fail(`is not a valid number for ${p.country ?? `country code +${p.countryCallingCode}`} (wrong length or an unassigned range)`);
  const details: Record<string, string> = {};
  if (p.country) details.country = p.country;
  const type = p.getType();
  if (type) details.type = type;
  if (type === 'VOIP') details.voip = 'yes';
  return ok('phone', p.number, p.formatInternational(), null, details);
}

function normaliseIp(raw: string): NormaliseResult {
  const v = raw.replace(/^\[|\]$/g, '');
  if (v.includes('/')) {
    const [addr, bits] = v.split('/') as [string, string];
    if (!/^\d{1,3}$/.test(bits)) return fail(`the prefix length "/${bits}" is not a number`);
    const a = parseIp(addr);
    if (typeof a === 'string') return fail(a);
    const max = a.kind() === 'ipv4' ? 32 : 128;
    const prefix = Number(bits);
    if (prefix > max) return fail(`the prefix length /${prefix} is more than ${max} for an ${a.kind() === 'ipv4' ? 'IPv4' : 'IPv6'} range`);
    const network = a.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${a.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${a.toString()}/${prefix}`);
    if (network.toString() !== a.toString()) {
      return fail(`${a.toString()}/${prefix} has host bits set; the range starting there is ${network.toString()}/${prefix}`);
    }
    return ok('ip', `${a.toString()}/${prefix}`, v, null, { version: a.kind(), range: 'cidr' });
  }
  const a = parseIp(v);
  if (typeof a === 'string') return fail(a);
  return ok('ip', a.toString(), v, null, { version: a.kind(), scope: a.range() });
}

function parseIp(v: string): ipaddr.IPv4 | ipaddr.IPv6 | string {
  if (v.includes(':')) {
    if (!ipaddr.IPv6.isValid(v)) return `"${v}" is not a valid IPv6 address`;
    const a = ipaddr.IPv6.parse(v);
    // A v4-mapped address is the IPv4 host; comparing it as IPv6 would miss the match.
    return a.isIPv4MappedAddress() ? a.toIPv4Address() : a;
  }
  if (!/^[\d.]+$/.test(v)) return `"${v}" is not an IP address (IPv4 is four numbers 0-255 separated by dots)`;
  if (!ipaddr.IPv4.isValidFourPartDecimal(v)) {
    return v.split('.').length !== 4 ? `"${v}" does not have four parts separated by dots` : `"${v}" has a part above 255 or with a leading zero`;
  }
  return ipaddr.IPv4.parse(v);
}

const base58check = createBase58check(sha256);

function base58Version(v: string): { version: number; length: number } | null {
  try {
    const bytes = base58check.decode(v);
    return { version: bytes[0]!, length: bytes.length };
  } catch {
    return null;
  }
}

function segwit(v: string, hrp: string): { ok: true; address: string } | { ok: false; message: string } {
  if (v !== v.toLowerCase() && v !== v.toUpperCase()) return { ok: false, message: 'mixes upper and lower case, which a bech32 address never does' };
  const lower = v.toLowerCase();
  const version = lower.charAt(hrp.length + 1);
  const coder = version === 'q' ? bech32 : bech32m;
  try {
    const d = coder.decode(lower as `${string}1${string}`, 90);
    if (d.prefix !== hrp) return { ok: false, message: `has the prefix "${d.prefix}1", not "${hrp}1"` };
    const witnessVersion = d.words[0]!;
    const program = coder.fromWords(d.words.slice(1));
    if (witnessVersion > 16) return { ok: false, message: 'has an invalid witness version' };
    if (witnessVersion === 0 && program.length !== 20 && program.length !== 32) return { ok: false, message: 'has a witness program of the wrong length' };
    if (program.length < 2 || program.length > 40) return { ok: false, message: 'has a witness program of the wrong length' };
    return { ok: true, address: lower };
  } catch {
    return { ok: false, message: 'fails its bech32 checksum (a character is mistyped or missing)' };
  }
}

function validateBase58(v: string, versions: Record<number, string>, chainName: string): NormaliseResult | { type: string } {
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(v)) return fail(`contains characters base58 does not use (0, O, I and l are never in a ${chainName} address)`);
  const d = base58Version(v);
  if (!d) return fail('fails its base58check checksum (a character is mistyped or missing)');
  if (d.length !== 21) return fail(`decodes to ${d.length} bytes, not the 21 of a ${chainName} address`);
  const type = versions[d.version];
  if (!type) return fail(`has version byte 0x${d.version.toString(16).padStart(2, '0')}, which is not a ${chainName} address type`);
  return { type };
}

function ethChecksumOk(addr: string): boolean {
  const hex = addr.slice(2);
  const hash = keccak_256(new TextEncoder().encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const c = hex[i]!;
    if (!/[a-f]/i.test(c)) continue;
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if ((nibble >= 8) !== (c === c.toUpperCase())) return false;
  }
  return true;
}

function detectChain(v: string): WalletChain | null {
  if (/^0x/i.test(v)) return 'ETH';
  if (/^T/.test(v)) return 'TRX';
  if (/^(bc1|[13])/i.test(v)) return 'BTC';
  if (/^(ltc1|[LM])/i.test(v)) return 'LTC';
  return null;
}

const isChain = (q: string) => (WALLET_CHAINS as readonly string[]).includes(q.toUpperCase());

function normaliseWallet(raw: string, qualifier: string | null): NormaliseResult {
  const { q, v } = splitQualifier(raw, qualifier, isChain);
  const chain = (q?.toUpperCase() ?? detectChain(v)) as WalletChain | null;
  if (!chain) return fail('gives no chain and the address does not look like BTC, ETH, TRON or LTC; choose the chain');
  if (!isChain(chain)) return fail(`the chain "${q}" is not one of ${WALLET_CHAINS.join(', ')}`);
  const network = chain.endsWith('-ETH') || chain === 'ETH' ? 'ETH' : chain.endsWith('-TRON') || chain === 'TRX' ? 'TRON' : chain;
  switch (network) {
    case 'ETH': {
      if (!/^0x[0-9a-fA-F]{40}$/.test(v)) return fail(`is not an Ethereum address (0x followed by 40 hexadecimal digits${/^0x/i.test(v) ? `; this has ${v.length - 2}` : ''})`);
      const mixed = /[a-f]/.test(v.slice(2)) && /[A-F]/.test(v.slice(2));
      if (mixed && !ethChecksumOk(v)) return fail('has mixed-case letters that fail the EIP-55 checksum (a character is mistyped)');
      // ETH addresses are case-insensitive: the lower-case form is what matches across cases.
      return ok('wallet', `0x${v.slice(2).toLowerCase()}`, v, chain, { network: 'ETH', ...(mixed && { checksum: 'EIP-55' }) });
    }
    case 'TRON': {
      if (!v.startsWith('T')) return fail('is not a TRON address (those start with T)');
      const r = validateBase58(v, { 0x41: 'base58' }, 'TRON');
      if ('ok' in r) return r;
      return ok('wallet', v, v, chain, { network: 'TRON' });
    }
    case 'BTC':
    case 'LTC': {
      const hrp = network === 'BTC' ? 'bc' : 'ltc';
      if (v.toLowerCase().startsWith(`${hrp}1`)) {
        const s = segwit(v, hrp);
        if (!s.ok) return fail(s.message);
        return ok('wallet', s.address, v, chain, { network, format: 'bech32' });
      }
      const versions: Record<number, string> = network === 'BTC' ? { 0x00: 'P2PKH', 0x05: 'P2SH' } : { 0x30: 'P2PKH', 0x32: 'P2SH', 0x05: 'P2SH (legacy)' };
      const r = validateBase58(v, versions, network);
      if ('ok' in r) return r;
      return ok('wallet', v, v, chain, { network, format: r.type });
    }
    default:
      return fail(`the chain "${chain}" is not supported`);
  }
}

function normaliseBank(raw: string, qualifier: string | null): NormaliseResult {
  const compact = raw.replace(/[\s-]/g, '').toUpperCase();
  if (/^[A-Z]{2}\d{2}/.test(compact)) {
    const iban = electronicFormatIBAN(compact) ?? compact;
    const r = validateIBAN(iban);
    if (!r.valid) {
      const why: Record<number, string> = {
        [ValidationErrorsIBAN.NoIBANCountry]: `"${iban.slice(0, 2)}" is not a country that uses IBANs`,
        [ValidationErrorsIBAN.WrongBBANLength]: `has the wrong length for a ${iban.slice(0, 2)} IBAN`,
        [ValidationErrorsIBAN.WrongBBANFormat]: `has characters in the wrong places for a ${iban.slice(0, 2)} IBAN`,
        [ValidationErrorsIBAN.ChecksumNotNumber]: 'has check digits that are not numbers',
        [ValidationErrorsIBAN.WrongIBANChecksum]: 'fails the IBAN check digits (a character is mistyped)',
        [ValidationErrorsIBAN.WrongAccountBankBranchChecksum]: 'fails the national account checksum (a character is mistyped)',
      };
      return fail(`looks like an IBAN but ${r.errorCodes.map((c) => why[c] ?? 'is not valid').join('; ')}`);
    }
    return ok('bank_account', iban, raw, null, { format: 'IBAN', country: iban.slice(0, 2) });
  }
  if (!/^[A-Z0-9]{4,34}$/.test(compact)) return fail('must be an IBAN or an account number of 4 to 34 letters and digits');
  let bank: string | null = null;
  if (qualifier) {
    bank = qualifier.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[A-Z0-9]{3,15}$/.test(bank)) return fail('the bank code must be 3 to 15 letters and digits (a routing number, sort code or BIC)');
  }
  const details: Record<string, string> = { format: 'account' };
  if (bank && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bank) && isValidBIC(bank)) details.bic = bank;
  return ok('bank_account', bank ? `${bank}/${compact}` : compact, raw, bank, details);
}

const slug = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

function normalisePayment(raw: string, qualifier: string | null): NormaliseResult {
  const { q, v } = splitQualifier(raw, qualifier);
  if (!q) return fail('needs the provider (PayPal, Payoneer, Wise, …), e.g. "paypal:name@example.com"');
  const provider = slug(q);
  if (!/^[a-z0-9][a-z0-9 .-]{1,29}$/.test(provider)) return fail(`the provider "${q}" must be 2 to 30 letters or digits`);
  let account = v.trim();
  if (account.includes('@')) {
    const e = normaliseEmail(account);
    if (!e.ok) return fail(`the account is an e-mail address that ${e.message}`);
    account = e.identifier.value;
  } else {
    account = account.replace(/[\s-]/g, '').toLowerCase();
    if (!/^[a-z0-9_.+]{3,64}$/.test(account)) return fail('the account must be an e-mail address or an account id of 3 to 64 letters and digits');
  }
  return ok('payment_account', `${provider}:${account}`, v.trim(), provider, { provider });
}

const HANDLE_RULES: Record<string, { re: RegExp; why: string }> = {
  github: { re: /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/, why: 'GitHub names are 1-39 letters, digits and single hyphens, not starting or ending with a hyphen' },
  telegram: { re: /^[a-z][a-z0-9_]{4,31}$/, why: 'Telegram usernames are 5-32 letters, digits and underscores, starting with a letter' },
  x: { re: /^[a-z0-9_]{1,15}$/, why: 'X usernames are 1-15 letters, digits and underscores' },
};

const PROFILE_URL = /^(?:https?:\/\/)?(?:www\.)?(github\.com|gitlab\.com|t\.me|telegram\.me|x\.com|twitter\.com|linkedin\.com\/in|upwork\.com\/freelancers|freelancer\.com\/u|fiverr\.com)\/([^/?#\s]+)\/?(?:[?#].*)?$/i;
const URL_PLATFORM: Record<string, string> = {
  'github.com': 'github', 'gitlab.com': 'gitlab', 't.me': 'telegram', 'telegram.me': 'telegram', 'x.com': 'x', 'twitter.com': 'x',
  'linkedin.com/in': 'linkedin', 'upwork.com/freelancers': 'upwork', 'freelancer.com/u': 'freelancer', 'fiverr.com': 'fiverr',
};

function normaliseHandle(raw: string, qualifier: string | null): NormaliseResult {
  const profile = PROFILE_URL.exec(raw);
  const { q, v } = profile ? { q: qualifier ?? URL_PLATFORM[profile[1]!.toLowerCase()]!, v: raw } : splitQualifier(raw, qualifier);
  if (!q) return fail('needs the platform (Upwork, GitHub, LinkedIn, Telegram, …), e.g. "github:octocat"');
  const platform = slug(q) === 'twitter' ? 'x' : slug(q);
  if (!/^[a-z0-9][a-z0-9 .-]{1,29}$/.test(platform) && platform !== 'x') return fail(`the platform "${q}" must be 2 to 30 letters or digits`);
  const fromUrl = PROFILE_URL.exec(v.trim());
  const handle = (fromUrl ? decodeURIComponent(fromUrl[2]!) : v.trim()).replace(/^@/, '').toLowerCase();
  if (!handle) return fail('the handle is empty');
  if (/\s/.test(handle)) return fail('the handle contains spaces');
  if (handle.length > 100) return fail('the handle is longer than 100 characters');
  if (!/^[\p{L}\p{N}_.~-]+$/u.test(handle)) return fail('the handle contains characters other than letters, digits, _ . ~ and -');
  const rule = HANDLE_RULES[platform];
  if (rule && !rule.re.test(handle)) return fail(`"${handle}" is not a valid ${platform} name: ${rule.why}`);
  return ok('platform_handle', `${platform}:${handle}`, v.trim(), platform, { platform });
}

function normaliseDevice(raw: string): NormaliseResult {
  const v = raw.trim();
  const mac = /^([0-9A-Fa-f]{2})([:-])([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})$/.exec(v)
    ?? /^([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})\.([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})\.([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})$/.exec(v);
  if (mac) {
    const octets = mac.slice(1).filter((x) => x.length === 2).map((x) => x.toLowerCase());
    return ok('device', octets.join(':'), v, null, { type: 'MAC' });
  }
  if (/^([0-9A-Fa-f]{1,2}[:-]){2,}/.test(v)) return fail('looks like a MAC address but is not six pairs of hexadecimal digits (like 00:1a:2b:3c:4d:5e)');
  const serial = v.replace(/[\s-]/g, '').toUpperCase();
  if (serial.length < 4) return fail('is too short for a serial number (at least 4 letters or digits)');
  if (serial.length > 64) return fail('is longer than 64 characters');
  if (!/^[A-Z0-9/._]+$/.test(serial)) return fail('a serial number has letters, digits, and / . _ only');
  return ok('device', serial, v, null, { type: 'serial' });
}

function normaliseAddress(raw: string): NormaliseResult {
  const display = raw.trim().replace(/\s+/g, ' ');
  if (display.length < 8) return fail('is too short for a shipping address (street, town and country, at least 8 characters)');
  if (display.length > 500) return fail('is longer than 500 characters');
  if (!/\p{L}/u.test(display)) return fail('has no letters; a shipping address names a street or town');
  // Punctuation and letter case differ between copies of the same address; compare without them.
  const value = display.normalize('NFKC').toLowerCase().replace(/[.,;#'"()]/g, ' ').replace(/\s+/g, ' ').trim();
  return ok('address', value, display, null);
}

function normaliseDocument(raw: string, qualifier: string | null): NormaliseResult {
  const { q, v } = splitQualifier(raw, qualifier, (x) => /^[A-Za-z]{2}$/.test(x));
  if (!q) return fail('needs the issuing country as a two-letter code, e.g. "KP:109420132"');
  const country = q.trim().toUpperCase();
  if (!isCountryCode(country)) return fail(`the issuing country "${q}" is not a two-letter country code like KP or US`);
  const number = v.replace(/[\s-]/g, '').toUpperCase();
  if (number.length < 4 || number.length > 24) return fail('the document number must have 4 to 24 letters and digits');
  if (!/^[A-Z0-9]+$/.test(number)) return fail('the document number may hold only letters and digits');
  return ok('document', `${country}:${number}`, v.trim(), country, { country });
}

const NORMALISERS: Record<IdentifierKind, Normaliser> = {
  email: normaliseEmail,
  phone: normalisePhone,
  ip: normaliseIp,
  wallet: normaliseWallet,
  bank_account: normaliseBank,
  payment_account: normalisePayment,
  platform_handle: normaliseHandle,
  device: normaliseDevice,
  address: normaliseAddress,
  document: normaliseDocument,
};

/** Validates and normalises one identifier; an invalid value gets a message saying why. */
export function normaliseIdentifier(kind: IdentifierKind, raw: string, qualifier?: string | null): NormaliseResult {
  const v = raw.trim();
  if (!v) return fail('is empty');
  if (v.length > 1000) return fail('is longer than 1000 characters');
  if (kind !== 'address' && hasControlChars(v)) return fail('contains control characters or line breaks');
  if (kind === 'address' && hasBinaryControlChars(v)) return fail('contains control characters');
  const q = qualifier?.trim() || null;
  if (q && hasControlChars(q)) return fail('the qualifier contains control characters');
  return NORMALISERS[kind](v, q);
}

/**
 * The normalised form a free-text search is most likely meant as, so that pasting an e-mail,
 * a wallet or an IP into the case search finds the cases that hold it.
 */
export function identifierSearchKey(text: string): string {
  const t = text.trim();
  const tries: IdentifierKind[] = t.includes('@') ? ['email'] : /^[0-9a-f:.[\]/]+$/i.test(t) && /[.:]/.test(t) ? ['ip', 'device'] : t.startsWith('+') ? ['phone'] : ['wallet', 'bank_account', 'document', 'platform_handle', 'payment_account'];
  for (const kind of tries) {
    const r = normaliseIdentifier(kind, t);
    if (r.ok) return r.identifier.value;
  }
  return t.toLowerCase();
}


import { AppError } from '../../../shared/errors.ts';
import { normaliseIdentifier, type NormalisedIdentifier, type WalletChain } from '../../../shared/identifiers.ts';
import { isVirtualAsset, MAX_NATIVE_DECIMALS, parseNativeAmount, VIRTUAL_ASSETS, type PaymentFields, type VirtualAsset } from '../../../shared/payments.ts';

export type CheckedPayment = Omit<PaymentFields, 'amountMinor' | 'amountNative' | 'walletFrom' | 'walletTo'> & {
  amountMinor: number | null;
  amountNative: string | null;
  walletFrom: NormalisedIdentifier | null;
  walletTo: NormalisedIdentifier | null;
};

const invalid = (path: string, message: string): AppError => new AppError('invalid_input', `${path}: ${message}.`, { issues: [{ path, message }] });

/** The chain of an asset's address: the asset's only chain, or (for tokens on several) the one the address belongs to. */
function chainFor(asset: VirtualAsset, address: string): WalletChain {
  const chains: readonly WalletChain[] = VIRTUAL_ASSETS[asset].chains;
  if (chains.length === 1) return chains[0]!;
  const network = /^0x/i.test(address) ? 'ETH' : /^T/.test(address) ? 'TRON' : null;
  return chains.find((c) => network !== null && c.endsWith(`-${network}`)) ?? chains[0]!;
}

/** Transaction hashes: 64 hexadecimal digits (with 0x on Ethereum-based chains), kept in lower case. */
function checkTxHash(hash: string, asset: VirtualAsset, wallet: string): string {
  if (hash === '') return '';
  const chain = chainFor(asset, wallet);
  const eth = chain === 'ETH' || chain.endsWith('-ETH');
  const ok = eth ? /^0x[0-9a-f]{64}$/i.test(hash) : /^[0-9a-f]{64}$/i.test(hash);
  if (!ok) throw invalid('txHash', eth ? 'must be an Ethereum transaction hash: 0x followed by 64 hexadecimal digits' : `must be a ${asset} transaction hash: 64 hexadecimal digits`);
  return hash.toLowerCase();
}

/**
 * Checks what only the combination of fields can tell: an ISO currency has an amount in minor
 * units; a virtual asset has an exact decimal amount within its chain's precision, goes on the
 * crypto rail, and its hash and wallets are valid on its chain.
 */
export function checkPaymentAmount(p: PaymentFields): CheckedPayment {
  if (!isVirtualAsset(p.currency)) {
    if (p.amountNative !== undefined) throw invalid('amountNative', `${p.currency} is not a virtual asset: give the amount in minor units`);
    if (p.amountMinor === undefined) throw invalid('amountMinor', 'is required');
    for (const f of ['txHash', 'walletFrom', 'walletTo'] as const) if (p[f] !== '') throw invalid(f, `only a virtual-currency payment has one (this one is in ${p.currency})`);
    return { ...p, amountMinor: p.amountMinor, amountNative: null, walletFrom: null, walletTo: null };
  }
  const asset = p.currency;
  if (p.amountMinor !== undefined) throw invalid('amountMinor', `${asset} is a virtual asset: give its amount as a decimal (amountNative)`);
  if (p.amountNative === undefined) throw invalid('amountNative', 'is required');
  const amount = parseNativeAmount(p.amountNative);
  if (amount === null) throw invalid('amountNative', `"${p.amountNative}" is not an amount of ${asset} (a positive decimal with at most ${MAX_NATIVE_DECIMALS} decimals)`);
  if (p.rail !== 'crypto') throw invalid('rail', `a payment in ${asset} goes on the crypto rail, not "${p.rail}"`);
  const wallet = (path: 'walletFrom' | 'walletTo'): NormalisedIdentifier | null => {
    const raw = p[path];
    if (raw === '') return null;
    const n = normaliseIdentifier('wallet', raw, chainFor(asset, raw));
    if (!n.ok) throw invalid(path, `the ${asset} wallet "${raw}" ${n.message}`);
    return n.identifier;
  };
  const walletFrom = wallet('walletFrom');
  const walletTo = wallet('walletTo');
  return { ...p, amountMinor: null, amountNative: amount, txHash: checkTxHash(p.txHash, asset, p.walletTo || p.walletFrom), walletFrom, walletTo };
}

import { E as EnclaveBuildError } from './main-C_5kpKAD.js';

/**
 * A memory size as dstack-mr's --memory takes it: bytes in decimal or 0x
 * hex, or a number with a binary unit (K, M, G, T; an optional "B" or "iB").
 */
function parseMemorySize(value) {
    const m = /^\s*(0x[0-9a-f]+|\d+)\s*([kmgt]?)(i?b)?\s*$/i.exec(value);
    if (m === null)
        throw new EnclaveBuildError('INPUT_INVALID', `memory size ${JSON.stringify(value)} must be bytes or a number with K, M, G or T (e.g. 2G)`);
    const unit = { '': 0n, k: 10n, m: 20n, g: 30n, t: 40n }[m[2].toLowerCase()] ?? 0n;
    const bytes = BigInt(m[1]) << unit;
    if (bytes <= 0n || bytes >= 1n << 52n)
        throw new EnclaveBuildError('INPUT_INVALID', `memory size ${value} is out of range`);
    return bytes;
}

export { parseMemorySize };

import { j as readInput, t as actionInputLimit, s as sha256Hex, E as EnclaveBuildError } from './main-CWcRjSqV.js';

/**
 * Reads a pinned file and checks its sha256; a file above the limit of its
 * input's kind (util/limits.ts) is refused before it is read.
 */
async function pinnedFile(path, sha256, input, maxBytes) {
    const data = await readInput(path, input, {
        maxBytes: maxBytes ?? actionInputLimit(input)
    });
    const actual = sha256Hex(data);
    if (actual !== sha256.toLowerCase())
        throw new EnclaveBuildError('PIN_MISMATCH', `${input} ${path} has sha256 ${actual}, but ${input}-sha256 says ${sha256.toLowerCase()}; update the pin or restore the file`);
    return data;
}

export { pinnedFile as p };

import { j as readInput, t as actionInputLimit, s as sha256Hex, E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { actionInputName } from './input-name-slbb3zbm.js';

/**
 * Reads a pinned file and checks its sha256; a file above the limit of its
 * input's kind (util/limits.ts) is refused before it is read. `input` is
 * the action's name of the file's input (its pin is `input`-sha256);
 * messages name both as `options.name` does (default: the action's).
 */
async function pinnedFile(path, sha256, input, options = {}) {
    const name = options.name ?? actionInputName;
    const data = await readInput(path, name(input), {
        maxBytes: options.maxBytes ?? actionInputLimit(input)
    });
    const actual = sha256Hex(data);
    if (actual !== sha256.toLowerCase())
        throw new EnclaveBuildError('PIN_MISMATCH', `${name(input)} ${path} has sha256 ${actual}, but ${name(`${input}-sha256`)} says ${sha256.toLowerCase()}; update the pin or restore the file`);
    return data;
}

export { pinnedFile as p };

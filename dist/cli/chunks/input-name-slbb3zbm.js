/** The action's spelling: the input as a workflow's `with:` writes it (`signing: key`). */
const actionInputName = (input, value) => value === undefined ? input : `${input}: ${value}`;
/**
 * A command line's spelling (`--signing key`): `true` and `false` are the
 * flag and its `--no-` twin; `secret(input)` inputs are read from a file
 * (`--NAME-file`), so their value is never shown.
 */
function flagInputName(secret = () => false) {
    return (input, value) => {
        if (secret(input))
            return `--${input}-file`;
        if (value === 'true')
            return `--${input}`;
        if (value === 'false')
            return `--no-${input}`;
        return value === undefined ? `--${input}` : `--${input} ${value}`;
    };
}

export { actionInputName, flagInputName };

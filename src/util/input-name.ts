/**
 * How a message names one of the action's inputs, optionally with the
 * value the user should give it. The action and `enclave-build build` take
 * the same inputs but spell them differently (`cgo-sysroot` in a
 * workflow's `with:`, `--cgo-sysroot` on the command line), so the
 * pipeline hands the stages the caller's way of naming them instead of
 * letting the stages know who called.
 */
export type InputName = (input: string, value?: string) => string

/** The action's spelling: the input as a workflow's `with:` writes it (`signing: key`). */
export const actionInputName: InputName = (input, value) =>
  value === undefined ? input : `${input}: ${value}`

/**
 * A command line's spelling (`--signing key`): `true` and `false` are the
 * flag and its `--no-` twin; `secret(input)` inputs are read from a file
 * (`--NAME-file`), so their value is never shown.
 */
export function flagInputName(
  secret: (input: string) => boolean = () => false
): InputName {
  return (input, value) => {
    if (secret(input)) return `--${input}-file`
    if (value === 'true') return `--${input}`
    if (value === 'false') return `--no-${input}`
    return value === undefined ? `--${input}` : `--${input} ${value}`
  }
}

import * as core from '@actions/core'
import { z } from 'zod'
import {
  ATTEST_SECRET_INPUTS,
  attestOptionsSchema,
  type AttestOptions
} from './attest/options.js'
import { EnclaveBuildError } from './errors.js'
import { goFlagProblems } from './go/flags.js'
import {
  TARGET_NAMES,
  TARGET_SECRET_INPUTS,
  TARGETS,
  type TargetName,
  type TargetOptions
} from './targets/index.js'
import {
  PUBLISH_SECRET_INPUTS,
  publishOptions,
  type PublishOptions
} from './publish/options.js'
import { verifyOptions, type VerifyOptions } from './verify/options.js'

const bool = (
  d: boolean
): z.ZodDefault<z.ZodCodec<z.ZodString, z.ZodBoolean>> =>
  z.stringbool().default(d)

/** "a, b or c". */
function spelled(names: string[]): string {
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

/** The action's own inputs (the Go build and the pipeline). */
export const baseInputs = z.object({
  mode: z
    .enum(['build', 'verify'])
    .default('build')
    .describe('build: build, measure and attest; verify: check a measurement'),
  'working-directory': z
    .string()
    .default('.')
    .describe('Directory of the Go module, inside a git checkout'),
  package: z.string().default('.').describe('Main package to build'),
  output: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'a plain file name')
    .default('app')
    .describe('File name of the built binary'),
  'output-directory': z
    .string()
    .default('')
    .describe(
      'Where artefacts are written (default: $RUNNER_TEMP/enclave-build)'
    ),
  'go-version': z
    .string()
    .regex(
      /^(go)?\d+\.\d+(\.\d+)?((rc|beta)\d+)?$/,
      'a Go version such as 1.24.3'
    )
    .optional()
    .describe('Expected Go toolchain; the build fails if `go` is another'),
  ldflags: z.string().default('').describe('-ldflags passed to go build'),
  tags: z.string().default('').describe('Build tags, comma-separated'),
  cgo: bool(false).describe('Enable cgo (CGO_ENABLED=1)'),
  'cgo-sysroot': z
    .string()
    .default('')
    .describe(
      "With cgo and target nitro, snp, tdx, uki or oci (on scratch): a directory holding the ELF loader and every library the dynamically linked binary needs, at their paths (e.g. Debian's libc6 unpacked, pinned by version and sha256); they are put into the image beside /init. Not needed for a static cgo build (ldflags: -linkmode=external -extldflags -static)."
    ),
  goamd64: z
    .enum(['v1', 'v2', 'v3', 'v4'])
    .default('v1')
    .describe('GOAMD64 micro-architecture level (recorded in buildinfo)'),
  goarch: z
    .enum(['amd64', 'arm64'])
    .default('amd64')
    .describe('GOARCH; the OS is always linux'),
  pgo: z.string().default('off').describe('-pgo value (off, auto or a file)'),
  'rebuild-check': bool(true).describe('Rebuild elsewhere and compare bytes'),
  cache: bool(true).describe('Cache Go modules and the build cache'),
  target: z
    .enum(['none', ...TARGET_NAMES])
    .default('none')
    .describe(
      `The TEE to prepare the binary for: ${spelled(['none', ...TARGET_NAMES])}`
    ),
  'show-summary': bool(true).describe('Write a job summary')
})

/** Every group of inputs; each is parsed only when it applies. */
export const inputSections = {
  base: baseInputs,
  attest: attestOptionsSchema,
  verify: verifyOptions,
  ...(Object.fromEntries(TARGET_NAMES.map((n) => [n, TARGETS[n].options])) as {
    [K in TargetName]: (typeof TARGETS)[K]['options']
  }),
  publish: publishOptions
} as const

/** The action's inputs, parsed once: each group present when it applies. */
export type Inputs = z.infer<typeof baseInputs> & {
  attest?: AttestOptions
  verify?: VerifyOptions
  publish?: PublishOptions
} & { [K in TargetName]?: TargetOptions[K] }

/** Every input name, in the order action.yml lists them. */
export function inputNames(): string[] {
  const names = Object.values(inputSections).flatMap((s) =>
    Object.keys(s.shape)
  )
  return [...new Set(names)]
}

/** Inputs whose values are secrets: masked in logs as soon as they are read. */
export const SECRET_INPUTS: string[] = [
  ...ATTEST_SECRET_INPUTS,
  ...TARGET_SECRET_INPUTS,
  ...PUBLISH_SECRET_INPUTS
]

/** Parses the chosen target's section into `inputs[name]`. */
function setTargetOptions<K extends TargetName>(
  inputs: Inputs,
  name: K,
  section: <S extends z.ZodType>(schema: S) => z.infer<S> | undefined
): void {
  ;(inputs as Record<string, unknown>)[name] = section(TARGETS[name].options)
}

/**
 * The chosen target's parsed options; absent means readInputs was skipped,
 * which is a bug.
 */
export function targetOptions<K extends TargetName>(
  inputs: Inputs,
  name: K
): TargetOptions[K] {
  const value = (inputs as Partial<TargetOptions>)[name]
  if (value === undefined)
    throw new EnclaveBuildError(
      'INTERNAL',
      `the ${name} inputs were not parsed`
    )
  return value
}

/** One problem, its input named by `label`: replacing the name it opens with, else before it. */
function relabel(
  message: string,
  name: string | undefined,
  label: (name: string) => string
): string {
  const names = name === undefined ? inputNames() : [name]
  for (const n of names)
    if (message.startsWith(n) && !/[\w-]/.test(message.charAt(n.length)))
      return label(n) + message.slice(n.length)
  return name === undefined ? message : `${label(name)}: ${message}`
}

/**
 * Reads every input once, masks secrets, and validates the groups that
 * apply (the chosen target's, attestation's or verification's). An empty
 * input means "use the default" (GitHub passes unset inputs as "").
 * With `label` (the command line's `--name`), every problem is one line
 * naming the input that way, all on one line; without it, zod's listing
 * with the action's input names.
 */
export function readInputs(
  getInput: (name: string) => string = (n) => core.getInput(n),
  mask: (secret: string) => void = (s) => core.setSecret(s),
  what = 'action inputs',
  label?: (name: string) => string
): Inputs {
  const raw: Record<string, string | undefined> = {}
  for (const name of inputNames()) {
    const value = getInput(name)
    if (SECRET_INPUTS.includes(name) && value !== '') mask(value)
    raw[name] = value === '' ? undefined : value
  }
  const problems: string[] = []
  const section = <S extends z.ZodType>(schema: S): z.infer<S> | undefined => {
    const r = schema.safeParse(raw)
    if (r.success) return r.data
    if (label === undefined) problems.push(z.prettifyError(r.error))
    else
      for (const issue of r.error.issues) {
        const name = issue.path[0]
        problems.push(
          relabel(
            issue.message,
            typeof name === 'string' ? name : undefined,
            label
          )
        )
      }
    return undefined
  }
  const invalid = (): EnclaveBuildError =>
    new EnclaveBuildError(
      'INPUT_INVALID',
      label === undefined
        ? `Invalid ${what}:\n${problems.join('\n')}`
        : `invalid ${what}: ${problems.join('; ')}`
    )
  const base = section(baseInputs)
  if (!base) {
    // Still check the groups the raw mode and target name, so that every
    // problem is reported at once.
    const target = TARGET_NAMES.find((t) => t === raw.target)
    const rest: Inputs = {} as Inputs
    if (raw.mode === 'verify') section(verifyOptions)
    else {
      section(attestOptionsSchema)
      if (target) setTargetOptions(rest, target, section)
    }
    throw invalid()
  }
  // Values that reach go's command line must not read as flags.
  for (const problem of goFlagProblems({
    ...base,
    tags: base.tags.split(/[,\s]+/).filter((t) => t !== '')
  }))
    problems.push(label ? relabel(problem, undefined, label) : problem)
  const inputs: Inputs = { ...base }
  if (base.mode === 'verify') inputs.verify = section(verifyOptions)
  else {
    inputs.attest = section(attestOptionsSchema)
    inputs.publish = section(publishOptions)
    if (base.target !== 'none') setTargetOptions(inputs, base.target, section)
  }
  if (problems.length > 0) throw invalid()
  return inputs
}

/** The inputs as provenance records them: no secrets, no nested groups. */
export function publicInputs(inputs: Inputs): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const groups = [inputs, ...TARGET_NAMES.map((n) => inputs[n]), inputs.attest]
  for (const g of groups)
    for (const [k, v] of Object.entries(g ?? {}))
      if (typeof v !== 'object' && !SECRET_INPUTS.includes(k)) out[k] = v
  return out
}

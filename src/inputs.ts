import * as core from '@actions/core'
import { z } from 'zod'
import {
  ATTEST_SECRET_INPUTS,
  attestOptionsSchema,
  type AttestOptions
} from './attest/options.js'
import { EnclaveBuildError } from './errors.js'
import {
  gramineOptions,
  type GramineOptions
} from './targets/gramine/options.js'
import { nitroOptions, type NitroOptions } from './targets/nitro/options.js'
import { snpOptions, type SnpOptions } from './targets/snp/options.js'
import { verifyOptions, type VerifyOptions } from './verify/options.js'

const bool = (
  d: boolean
): z.ZodDefault<z.ZodCodec<z.ZodString, z.ZodBoolean>> =>
  z.stringbool().default(d)

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
    .enum(['none', 'gramine', 'nitro', 'snp'])
    .default('none')
    .describe('The TEE to prepare the binary for: none, gramine, nitro or snp'),
  'show-summary': bool(true).describe('Write a job summary')
})

/** Every group of inputs; each is parsed only when it applies. */
export const inputSections = {
  base: baseInputs,
  attest: attestOptionsSchema,
  verify: verifyOptions,
  gramine: gramineOptions,
  nitro: nitroOptions,
  snp: snpOptions
} as const

/** The action's inputs, parsed once: each group present when it applies. */
export type Inputs = z.infer<typeof baseInputs> & {
  attest?: AttestOptions
  verify?: VerifyOptions
  gramine?: GramineOptions
  nitro?: NitroOptions
  snp?: SnpOptions
}

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
  'signing-key',
  'signing-key-passphrase',
  'nitro-signing-key'
]

/**
 * Reads every input once, masks secrets, and validates the groups that
 * apply (the chosen target's, attestation's or verification's). An empty
 * input means "use the default" (GitHub passes unset inputs as "").
 */
export function readInputs(
  getInput: (name: string) => string = (n) => core.getInput(n)
): Inputs {
  const raw: Record<string, string | undefined> = {}
  for (const name of inputNames()) {
    const value = getInput(name)
    if (SECRET_INPUTS.includes(name) && value !== '') core.setSecret(value)
    raw[name] = value === '' ? undefined : value
  }
  const problems: string[] = []
  const section = <S extends z.ZodType>(schema: S): z.infer<S> | undefined => {
    const r = schema.safeParse(raw)
    if (r.success) return r.data
    problems.push(z.prettifyError(r.error))
    return undefined
  }
  const base = section(baseInputs)
  if (!base)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `Invalid action inputs:\n${problems.join('\n')}`
    )
  const inputs: Inputs = { ...base }
  if (base.mode === 'verify') inputs.verify = section(verifyOptions)
  else {
    inputs.attest = section(attestOptionsSchema)
    if (base.target === 'gramine') inputs.gramine = section(gramineOptions)
    if (base.target === 'nitro') inputs.nitro = section(nitroOptions)
    if (base.target === 'snp') inputs.snp = section(snpOptions)
  }
  if (problems.length > 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `Invalid action inputs:\n${problems.join('\n')}`
    )
  return inputs
}

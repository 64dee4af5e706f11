import * as core from '@actions/core'
import { z } from 'zod'
import { EnclaveBuildError } from './errors.js'

const bool = (d: boolean) => z.stringbool().default(d)

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

/** Every input schema of the action; targets and attestation add theirs. */
export const inputSchema = baseInputs

/** The action's inputs, parsed once. */
export type Inputs = z.infer<typeof inputSchema>

/** Inputs whose values are secrets: masked in logs as soon as they are read. */
export const SECRET_INPUTS: string[] = []

/**
 * Reads every input once, masks secrets, and validates. An empty input means
 * "use the default" (GitHub passes unset inputs as empty strings).
 */
export function readInputs(
  getInput: (name: string) => string = (n) => core.getInput(n)
): Inputs {
  const raw: Record<string, string | undefined> = {}
  for (const name of Object.keys(inputSchema.shape)) {
    const value = getInput(name)
    if (SECRET_INPUTS.includes(name) && value !== '') core.setSecret(value)
    raw[name] = value === '' ? undefined : value
  }
  const parsed = inputSchema.safeParse(raw)
  if (!parsed.success)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `Invalid action inputs:\n${z.prettifyError(parsed.error)}`
    )
  return parsed.data
}

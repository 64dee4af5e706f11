import { afterAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

// "A new TEE is one folder plus one registry entry, for the action and the
// command line": a copy of the project gets a toy TEE as exactly that (the
// folder src/targets/toy/ and an entry in src/targets/index.ts), runs the
// generator every TEE runs (scripts/gen-action.ts), and then the toy's
// inputs, outputs, preflight, target run and CLI verb all work, and the
// structure checker finds nothing to say.

const ROOT = resolve(import.meta.dirname, '..', '..')
const T = mkdtempSync(join(tmpdir(), 'eb-toy-tee-'))
afterAll(() => rmSync(T, { recursive: true, force: true }))

for (const p of ['src', 'scripts', 'docs', 'bench'])
  cpSync(join(ROOT, p), join(T, p), { recursive: true })
for (const f of ['package.json', 'tsconfig.json', 'README.md', 'action.yml'])
  cpSync(join(ROOT, f), join(T, f))
symlinkSync(join(ROOT, 'node_modules'), join(T, 'node_modules'))

/** The toy TEE's folder: options, target, preflight, a CLI verb. */
const TOY: Record<string, string> = {
  'options.ts': `import { z } from 'zod'

/** The toy's inputs. */
export const toyOptions = z.object({
  'toy-greeting': z.string().min(1).describe('What the toy measures')
})

/** The toy's parsed inputs. */
export type ToyOptions = z.infer<typeof toyOptions>

/** The toy's outputs. */
export const TOY_OUTPUTS = { 'toy-register': 'the TOY register (hex)' } as const

/** One of the toy's outputs. */
export type ToyOutput = keyof typeof TOY_OUTPUTS
`,
  'target.ts': `import { measurement } from '../../model/measurement.js'
import { sha256Hex } from '../../util/fs.js'
import type { Target } from '../target.js'
import type { ToyOptions, ToyOutput } from './options.js'

/** The toy target: its one register is the sha256 of its greeting. */
export const toyTarget: Target<ToyOptions, ToyOutput> = {
  name: 'toy',
  run(_ctx, o) {
    const value = sha256Hex(Buffer.from(o['toy-greeting']))
    return Promise.resolve({
      target: 'toy',
      artifacts: [],
      measurements: [measurement('TOY', 'sha256', value)],
      pinned: [],
      outputs: { 'toy-register': value },
      parameters: {}
    })
  }
}
`,
  'preflight.ts': `import { EnclaveBuildError } from '../../errors.js'
import type { PreflightChecks } from '../preflight.js'
import type { ToyOptions } from './options.js'

/** The toy refuses one greeting before any work. */
export async function toyPreflight(o: ToyOptions, c: PreflightChecks): Promise<void> {
  await c.check(() => {
    if (o['toy-greeting'] === 'boo')
      throw new EnclaveBuildError('INPUT_INVALID', 'toy-greeting boo is rude')
  })
}
`,
  'cli.ts': `import { parse, required } from '../../cli/args.js'
import { printJson, type Command } from '../../cli/io.js'

/** enclave-build toy hello --name N */
export const toyHello: Command = async (args, io) => {
  const { values } = parse(args, {
    name: { type: 'string', arg: 'NAME', help: 'Whom the toy greets' },
    json: { type: 'boolean', help: 'Print JSON' }
  })
  printJson(io, { hello: required(values.name, '--name') })
  return 0
}
toyHello.about = 'Greets, as a toy TEE would measure.'
`
}

const ENTRY = `  toy: tee({
    options: toyOptions,
    secretInputs: [],
    outputs: TOY_OUTPUTS,
    load: async () => (await import('./toy/target.js')).toyTarget,
    preflight: async (o, c) =>
      (await import('./toy/preflight.js')).toyPreflight(o, c),
    cli: { 'toy hello': ['toy/cli.js', 'toyHello'] }
  })
} as const satisfies`

mkdirSync(join(T, 'src/targets/toy'))
for (const [name, text] of Object.entries(TOY))
  writeFileSync(join(T, 'src/targets/toy', name), text)
const registry = join(T, 'src/targets/index.ts')
const before = readFileSync(registry, 'utf8')
const after = before
  .replace(/\n} as const satisfies/, `,\n${ENTRY}`)
  .replace(
    'import type { PreflightChecks }',
    "import { TOY_OUTPUTS, toyOptions } from './toy/options.js'\nimport type { PreflightChecks }"
  )
writeFileSync(registry, after)

/** Runs a TypeScript file of the copy with Node (types stripped). */
function node(args: string[]): {
  status: number | null
  out: string
  err: string
} {
  const r = spawnSync(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      './bench/register.mjs',
      ...args
    ],
    { cwd: T, encoding: 'utf8', timeout: 120_000 }
  )
  return { status: r.status, out: r.stdout, err: r.stderr }
}

const generated = node(['scripts/gen-action.ts'])

describe('a toy TEE: one folder and one registry entry', () => {
  it('the copy differs from the project by the folder and the entry alone', () => {
    expect(before).not.toBe(after)
    // the entry's 9 lines (its last closes the registry, as before) and
    // the import of its options
    expect(after.split('\n').length - before.split('\n').length).toBe(10)
    expect(generated.err).toBe('')
    expect(generated.status).toBe(0)
  })

  it('action.yml gets its input, its output and its name in the target list', () => {
    const yml = readFileSync(join(T, 'action.yml'), 'utf8')
    expect(yml).toContain(
      '\n  toy-greeting:\n    description: "What the toy measures"'
    )
    expect(yml).toContain(
      '\n  toy-register:\n    description: "toy: the TOY register (hex)"'
    )
    expect(yml).toMatch(/none, gramine, nitro, snp, tdx(, [a-z]+)* or toy/)
  })

  it('inputs parse, the preflight runs, the target runs and sets its output', () => {
    writeFileSync(
      join(T, 'driver.ts'),
      `import { readInputs } from './src/inputs.js'
import { preflight } from './src/preflight.js'
import { runTarget } from './src/targets/index.js'

const inputs = (greeting: string) =>
  readInputs((n) => ({ target: 'toy', 'toy-greeting': greeting, signing: 'none' })[n] ?? '')
const ok = inputs('hello')
let refused = ''
await preflight(inputs('boo')).catch((e: Error) => { refused = e.message })
await preflight(ok)
const result = await runTarget('toy', ok.toy!, {} as never)
console.log(JSON.stringify({ options: ok.toy, refused, result }))
`
    )
    const r = node(['driver.ts'])
    expect(r.err).toBe('')
    const out = JSON.parse(r.out.trim().split('\n').at(-1)!) as {
      options: unknown
      refused: string
      result: {
        measurements: { name: string; value: string }[]
        outputs: unknown
      }
    }
    expect(out.options).toEqual({ 'toy-greeting': 'hello' })
    expect(out.refused).toBe('toy-greeting boo is rude')
    // sha256("hello"), as any sha256 tool prints it
    const hello =
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
    expect(out.result.measurements[0]).toMatchObject({
      name: 'TOY',
      value: hello
    })
    expect(out.result.outputs).toEqual({ 'toy-register': hello })
  })

  it('the command line lists and runs its verb', () => {
    expect(readFileSync(join(T, 'src/cli/target-verbs.ts'), 'utf8')).toContain(
      "'toy hello'"
    )
    const help = node(['src/cli/index.ts', '--help'])
    expect(help.out).toMatch(/^ {2}toy hello$/m)
    // its help comes from its own module: the flag definitions and `about`
    const own = node(['src/cli/index.ts', 'toy', 'hello', '--help'])
    expect(own.out).toMatch(/^Usage: enclave-build toy hello \[options\]/)
    expect(own.out).toContain('Greets, as a toy TEE would measure.')
    expect(own.out).toMatch(/--name NAME +Whom the toy greets/)
    const r = node([
      'src/cli/index.ts',
      'toy',
      'hello',
      '--name',
      'x',
      '--json'
    ])
    expect(r.err).toBe('')
    expect(JSON.parse(r.out)).toEqual({ hello: 'x' })
    expect(r.status).toBe(0)
  })

  it('the compiler accepts the copy: the entry types its preflight with the toy options', () => {
    writeFileSync(
      join(T, 'tsconfig.toy.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['src'] })
    )
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '-p',
        'tsconfig.toy.json'
      ],
      { cwd: T, encoding: 'utf8', timeout: 300_000 }
    )
    expect(r.stdout).toBe('')
    expect(r.status).toBe(0)
  })

  it('the structure checker finds no violation in the copy', () => {
    const r = node(['scripts/structure.ts', '--src', 'src'])
    expect(r.out).toMatch(/^violations: 0$/m)
    expect(r.status).toBe(0)
  })
})

describe('the command line of the real registry', () => {
  it('src/cli/target-verbs.ts is what scripts/gen-action.ts makes from the registry', async () => {
    const { renderTargetVerbs, TARGET_VERBS_FILE } =
      await import('../../scripts/gen-action.js')
    expect(readFileSync(join(ROOT, TARGET_VERBS_FILE), 'utf8')).toBe(
      renderTargetVerbs()
    )
  })
})

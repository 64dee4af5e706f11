import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'

// The import structure of src/ (docs/architecture.md, its table in
// docs/rooms.json): dependencies point down only, every import is one the
// table allows, no TEE folder imports another, and the floors are few.

const SCRIPT = join(import.meta.dirname, '..', 'scripts', 'structure.ts')

interface Report {
  status: number | null
  stdout: string
  count: (label: string) => number
  violations: string[]
}

/** Runs the checker on src/, or on another tree. */
function check(src?: string): Report {
  const r = spawnSync(
    process.execPath,
    [SCRIPT, ...(src ? ['--src', src] : [])],
    { encoding: 'utf8' }
  )
  expect(r.stderr).not.toMatch(/Error/)
  const at = r.stdout.indexOf('\nviolations: ')
  const violations = r.stdout
    .slice(at + 1)
    .split('\n')
    .slice(1)
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim())
  return {
    status: r.status,
    stdout: r.stdout,
    count: (label) =>
      Number(new RegExp(`^${label}: (\\d+)$`, 'm').exec(r.stdout)?.[1]),
    violations
  }
}

/** Writes a tree of modules, each importing the given ones. */
function tree(modules: Record<string, string[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'eb-structure-'))
  for (const [file, imports] of Object.entries(modules)) {
    const path = join(root, file)
    mkdirSync(dirname(path), { recursive: true })
    const lines = imports.map((t) => {
      let spec = relative(dirname(path), join(root, t))
      if (!spec.startsWith('.')) spec = `./${spec}`
      return `import { x } from '${spec.replace(/\.ts$/, '.js')}'`
    })
    writeFileSync(path, `${lines.join('\n')}\nexport const x = 1\n`)
  }
  return root
}

/**
 * A tree the table allows, 6 floors deep. main.ts imports util/ before
 * verify/: the short branch is walked first, then the long one reaches
 * util/ again (a checker sharing one `seen` set across branches stopped
 * there and counted 4 floors).
 */
const GOOD = {
  'index.ts': ['main.ts'],
  'main.ts': ['util/u.ts', 'verify/v.ts', 'inputs.ts'],
  'inputs.ts': ['targets/index.ts'],
  'verify/v.ts': ['oci/o.ts'],
  'oci/o.ts': ['util/u.ts'],
  'util/u.ts': ['errors.ts'],
  'errors.ts': [],
  'targets/index.ts': ['targets/snp/options.ts'],
  'targets/snp/options.ts': ['targets/snp/limits.ts'],
  'targets/snp/limits.ts': [],
  'targets/snp/target.ts': ['targets/cvm/files.ts', 'targets/target.ts'],
  'targets/tdx/target.ts': ['targets/cvm/files.ts'],
  'targets/cvm/files.ts': ['util/u.ts'],
  'targets/target.ts': []
}

describe('src/ structure', () => {
  it('the real tree: 0 violations, no cycles, no back-arrows, at most 6 floors, the docs show the table', () => {
    const r = check()
    expect(r.violations).toEqual([])
    expect(r.count('violations')).toBe(0)
    expect(r.count('module cycles')).toBe(0)
    expect(r.count('back-arrows')).toBe(0)
    expect(r.count('floors')).toBeLessThanOrEqual(6)
    expect(r.status).toBe(0)
  })

  it('has no module over 250 lines without a reason at its top', () => {
    const r = check()
    const at = r.stdout.indexOf('modules over 250 lines without a reason: ')
    expect(at).toBeGreaterThanOrEqual(0)
    const listed = r.stdout
      .slice(at)
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith('  '))
    expect(listed).toEqual([])
    expect(r.count('modules over 250 lines without a reason')).toBe(0)
  })
})

describe('the checker fails where it should', () => {
  it('passes a tree the table allows and counts its 6 floors along the longest path', () => {
    const r = check(tree(GOOD))
    expect(r.violations).toEqual([])
    expect(r.count('floors')).toBe(6)
    expect(r.stdout).toMatch(
      /^longest chain: index\.ts post-entry\.ts -> action -> verify\/ -> oci\/ -> util\/ -> errors\.ts outputs\.ts version\.ts$/m
    )
    expect(r.status).toBe(0)
  })

  it('fails on an import the table does not allow (verify/ -> targets/)', () => {
    const r = check(
      tree({ ...GOOD, 'verify/v.ts': ['oci/o.ts', 'targets/target.ts'] })
    )
    expect(r.violations).toContain(
      'verify/v.ts -> targets/target.ts: verify/ may not import targets/'
    )
    expect(r.status).toBe(1)
  })

  it('fails on a chain deeper than the table: 7 floors, util/ on floor 3', () => {
    const r = check(
      tree({
        ...GOOD,
        'util/u.ts': ['model/m.ts'],
        'model/m.ts': ['errors.ts']
      })
    )
    expect(r.count('floors')).toBe(7)
    expect(r.violations).toContain(
      'util/u.ts -> model/m.ts: util/ may not import model/'
    )
    expect(r.violations.some((v) => v.startsWith('util/ is on floor 3'))).toBe(
      true
    )
    expect(r.status).toBe(1)
  })

  it('fails on an import between two TEE folders, not on a shared folder', () => {
    const r = check(
      tree({
        ...GOOD,
        'targets/tdx/target.ts': [
          'targets/cvm/files.ts',
          'targets/snp/target.ts'
        ]
      })
    )
    expect(r.violations).toEqual([
      'targets/tdx/target.ts -> targets/snp/target.ts: a TEE folder imports another (tdx/ -> snp/); move what both need to a shared folder (sgx/, cvm/, image/, aci/, coco/, cgo/)'
    ])
    expect(r.status).toBe(1)
  })

  it('fails on a shared folder importing a TEE folder', () => {
    const r = check(
      tree({
        ...GOOD,
        'targets/cvm/files.ts': ['util/u.ts', 'targets/snp/limits.ts']
      })
    )
    expect(r.violations).toEqual([
      'targets/cvm/files.ts -> targets/snp/limits.ts: a TEE folder imports another (cvm/ -> snp/); move what both need to a shared folder (sgx/, cvm/, image/, aci/, coco/, cgo/)'
    ])
  })

  it("fails on a target's options.ts importing more than leaf modules of its folder", () => {
    const r = check(
      tree({ ...GOOD, 'targets/snp/options.ts': ['targets/snp/target.ts'] })
    )
    expect(r.violations).toEqual([
      "targets/snp/options.ts -> targets/snp/target.ts: a target's options.ts imports only zod and leaf modules of its own folder (the registry loads it eagerly)"
    ])
  })

  it('fails on an import cycle and on a module in no row', () => {
    const r = check(
      tree({ ...GOOD, 'oci/o.ts': ['verify/v.ts'], 'stray/s.ts': [] })
    )
    expect(r.count('module cycles')).toBe(1)
    expect(r.count('back-arrows')).toBe(2)
    expect(r.violations).toContain(
      'stray/s.ts is in no row of the room table (docs/rooms.json): add it to one'
    )
    expect(r.status).toBe(1)
  })
})

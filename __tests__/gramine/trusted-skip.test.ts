import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { applyDefaults } from '../../src/targets/gramine/manifest.js'
import { parseToml, type TomlTable } from '../../src/targets/gramine/toml.js'
import { expandTrustedFiles } from '../../src/targets/gramine/trusted-files.js'
import { tempDir } from './helpers.js'

// What a trusted directory leaves out, against Gramine v1.9's own
// expand_all_trusted_files over the same tree (see the vector's SOURCE.md).

const vec = join(
  import.meta.dirname,
  '../../__fixtures__/vectors/gramine-trusted-skip'
)
interface Entry {
  path: string
  file?: string
  fifo?: boolean
  symlink?: string
}
const tree = JSON.parse(readFileSync(join(vec, 'tree.json'), 'utf8')) as {
  entries: Entry[]
  trusted_files: { uri: string }[]
}
const expected = JSON.parse(
  readFileSync(join(vec, 'expected.json'), 'utf8')
) as { trusted_files: { uri: string; sha256: string }[] }

async function build(): Promise<string> {
  const root = join(await tempDir(), 'rootfs')
  for (const e of tree.entries) {
    const p = join(root, e.path)
    await mkdir(dirname(p), { recursive: true })
    if (e.file !== undefined) await writeFile(p, e.file)
    else if (e.fifo) execFileSync('mkfifo', [p])
    else await symlink(e.symlink as string, p)
  }
  return root
}

describe('trusted directory entries Gramine leaves out', () => {
  it('the same manifest as gramine-manifest v1.9, and a warning for each entry left out', async () => {
    const root = await build()
    const m = parseToml(
      `sgx.trusted_files = ${JSON.stringify(tree.trusted_files.map((t) => t.uri))}\nloader.entrypoint.sha256 = "x"`
    )
    applyDefaults(m, '/gramine')
    const warnings: string[] = []
    await expandTrustedFiles(m, root, (w) => warnings.push(w))
    const tfs = (m.get('sgx') as TomlTable).get('trusted_files') as TomlTable[]
    expect(
      tfs.map((t) => ({ uri: t.get('uri'), sha256: t.get('sha256') }))
    ).toEqual(expected.trusted_files)
    expect(warnings.map((w) => /file:\S+/.exec(w)?.[0])).toEqual([
      'file:/app/dangling',
      'file:/app/fifo',
      'file:/app/sub/pipe'
    ])
    expect(warnings[1]).toMatch(
      /file:\/app\/fifo is left out of the manifest \(not a regular file or directory\), as gramine-manifest does/
    )
  })
})

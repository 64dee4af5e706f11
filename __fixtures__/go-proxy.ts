import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32 } from 'node:zlib'
import { git } from './go-repo.js'

const here = dirname(fileURLToPath(import.meta.url))

/** A zip of `files` (name -> bytes), stored, as a module proxy serves it. */
function zip(files: [string, Buffer][]): Buffer {
  const local: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, data] of files) {
    const n = Buffer.from(name)
    const crc = crc32(data)
    const h = Buffer.alloc(30)
    h.writeUInt32LE(0x04034b50, 0)
    h.writeUInt16LE(20, 4)
    h.writeUInt32LE(crc, 14)
    h.writeUInt32LE(data.length, 18)
    h.writeUInt32LE(data.length, 22)
    h.writeUInt16LE(n.length, 26)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE(20, 4)
    c.writeUInt16LE(20, 6)
    c.writeUInt32LE(crc, 16)
    c.writeUInt32LE(data.length, 20)
    c.writeUInt32LE(data.length, 24)
    c.writeUInt16LE(n.length, 28)
    c.writeUInt32LE(offset, 42)
    local.push(h, n, data)
    central.push(c, n)
    offset += h.length + n.length + data.length
  }
  const dir = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...local, dir, end])
}

/**
 * A file:// module proxy serving every module of __fixtures__/go/proxy
 * (one directory per `path@version`), and the environment that makes go
 * use it with a module cache of its own and no checksum database.
 */
export function makeProxy(): { env: Record<string, string> } {
  const src = join(here, 'go', 'proxy')
  const proxy = mkdtempSync(join(tmpdir(), 'eb_proxy_'))
  for (const host of readdirSync(src))
    for (const mv of readdirSync(join(src, host))) {
      const [name, version] = mv.split('@')
      const path = `${host}/${name}`
      const at = join(proxy, path, '@v')
      mkdirSync(at, { recursive: true })
      const files = readdirSync(join(src, host, mv)).sort()
      const read = (f: string) => readFileSync(join(src, host, mv, f))
      writeFileSync(join(at, 'list'), `${version}\n`)
      writeFileSync(
        join(at, `${version}.info`),
        JSON.stringify({ Version: version, Time: '2026-01-01T00:00:00Z' })
      )
      writeFileSync(join(at, `${version}.mod`), read('go.mod'))
      writeFileSync(
        join(at, `${version}.zip`),
        zip(files.map((f) => [`${path}@${version}/${f}`, read(f)]))
      )
    }
  return {
    env: {
      GOPROXY: `file://${proxy}`,
      GOSUMDB: 'off',
      GOMODCACHE: mkdtempSync(join(tmpdir(), 'eb_modcache_'))
    }
  }
}

/**
 * makeRepo for a fixture whose dependencies come from makeProxy: go.sum is
 * written by `go mod tidy` against the proxy before the commit.
 */
export function makeRepoWithProxy(
  name: string,
  env: Record<string, string>
): string {
  const dir = mkdtempSync(join(tmpdir(), `eb_${name}_`))
  execFileSync('cp', ['-R', '--', `${join(here, 'go', name)}/.`, dir])
  execFileSync('go', ['mod', 'tidy'], {
    cwd: dir,
    env: { ...process.env, ...env, GOFLAGS: '-mod=mod', CGO_ENABLED: '1' }
  })
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', `fixture ${name}`)
  return dir
}

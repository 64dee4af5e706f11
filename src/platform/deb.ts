import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { readInputFile } from '../util/fs.js'

/**
 * Reading one file out of a Debian package. A .deb is an ar archive
 * (`!<arch>\n`, then 60-byte member headers: name, mtime, ids, mode,
 * decimal size, "`\n"; data padded to even offsets) holding
 * debian-binary, control.tar.* and data.tar.*; the data archive is
 * unpacked by the system's tar, which knows every compression dpkg
 * writes (xz, zstd, gzip).
 */

function bad(why: string): never {
  throw new EnclaveBuildError('INPUT_INVALID', `not a Debian package: ${why}`)
}

/** The members of an ar archive, by name. */
export function readAr(bytes: Uint8Array): Map<string, Uint8Array> {
  const text = (a: number, b: number): string =>
    Buffer.from(bytes.subarray(a, b)).toString('latin1')
  if (text(0, 8) !== '!<arch>\n') bad('no ar magic')
  const out = new Map<string, Uint8Array>()
  let at = 8
  while (at + 60 <= bytes.length) {
    if (text(at + 58, at + 60) !== '`\n') bad(`bad member header at ${at}`)
    const name = text(at, at + 16)
      .trim()
      .replace(/\/$/, '')
    const size = Number(text(at + 48, at + 58).trim())
    if (
      !Number.isSafeInteger(size) ||
      size < 0 ||
      at + 60 + size > bytes.length
    )
      bad(`member ${name} overruns the file`)
    out.set(name, bytes.subarray(at + 60, at + 60 + size))
    at += 60 + size + (size % 2)
  }
  return out
}

/** The bytes of `member` (a path in the package's file system) of a .deb. */
export async function extractFromDeb(
  deb: Uint8Array,
  member: string,
  exec: Exec
): Promise<Buffer> {
  const members = readAr(deb)
  if (Buffer.from(members.get('debian-binary') ?? []).toString() !== '2.0\n')
    bad('debian-binary is not 2.0')
  const dataName = [...members.keys()].find((n) => n.startsWith('data.tar'))
  if (!dataName) bad('no data.tar member')
  const tmp = await mkdtemp(join(tmpdir(), 'enclave_build_deb_'))
  try {
    const data = join(tmp, dataName)
    await writeFile(data, members.get(dataName)!)
    const out = join(tmp, 'member')
    // dpkg writes ./usr/...; tar matches the name as stored
    const r = await exec('sh', [
      '-c',
      'tar -xOf "$1" "./$2" > "$3"',
      'sh',
      data,
      member.replace(/^\.?\//, ''),
      out
    ])
    if (r.code !== 0)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `${member} is not in the package (tar: ${r.stderr.trim()})`
      )
    return await readInputFile(out, member)
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}

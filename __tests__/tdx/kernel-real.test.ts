import { afterAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { authenticodeSha384 } from '../../src/pe/authenticode.js'
import { patchKernel } from '../../src/targets/tdx/kernel.js'

// RTMR1's first event on a real signed bzImage (Debian trixie
// linux-image-6.12.117+deb13-cloud-amd64, boot/vmlinuz-6.12.117+deb13-cloud-amd64),
// against LIEF 1.0.0's Authenticode (PyPI), as QEMU leaves it for several RAM sizes.
// .ci/tdx-oracle.sh fetches both; without them the suites are skipped, named with what they need.

const KERNEL_SHA256 =
  'ed8f0dbdbefe3994093937f5ee934818ae902b88cb0b6bc423811c10d55b87b0'
// LIEF 1.0.0 Binary.authentihash(SHA_384) of the unpatched file, computed here.
const LIEF_SHA384 =
  '5ef198d6dfa8ff7d7058a13b473baf58fe8e98c13a94c86a5a8a69d8a5f4bac6e46e02f55f3400fd20427efa158ebe0b'

const path = process.env.TDX_KERNEL ?? ''
const kernel = existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
const have = createHash('sha256').update(kernel).digest('hex') === KERNEL_SHA256
const py = process.env.TDX_LIEF_PYTHON ?? ''
const lief =
  have && existsSync(py) && spawnSync(py, ['-c', 'import lief']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'tdx-kernel-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

;(have ? describe : describe.skip)(
  `Debian 6.12 cloud kernel${have ? '' : ' (needs $TDX_KERNEL from .ci/tdx-oracle.sh)'}`,
  () => {
    test('Authenticode SHA-384 as LIEF computed it (signed image: the certificate table is left out)', () => {
      expect(hex(authenticodeSha384(kernel))).toBe(LIEF_SHA384)
    })
  }
)

;(have && lief ? describe : describe.skip)(
  `QEMU-patched kernel against LIEF${have && lief ? '' : ' (needs $TDX_KERNEL and $TDX_LIEF_PYTHON from .ci/tdx-oracle.sh)'}`,
  () => {
    test.each([
      [1n << 30n, 1 << 20],
      [2n << 30n, 24 << 20],
      [0xb000_0000n, 3 << 20],
      [16n << 30n, 9_000_123]
    ])('RAM %s, initrd %i bytes', (memory, initrdSize) => {
      const head = patchKernel(kernel, initrdSize, memory)
      const file = join(dir, 'patched')
      writeFileSync(file, Buffer.concat([head, kernel.subarray(head.length)]))
      const r = spawnSync(
        py,
        [
          '-c',
          'import lief,sys; print(bytes(lief.PE.parse(sys.argv[1]).authentihash(lief.PE.ALGORITHMS.SHA_384)).hex())',
          file
        ],
        { encoding: 'utf8' }
      )
      expect(r.status).toBe(0)
      expect(hex(authenticodeSha384(kernel, head))).toBe(r.stdout.trim())
    })
  }
)

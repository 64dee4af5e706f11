import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { parseBuildInfo } from '../../src/go/buildinfo.js'

const sample = [
  '/tmp/out/app: go1.24.3',
  '\tpath\texample.com/withdep',
  '\tmod\texample.com/withdep\t(devel)\t',
  '\tdep\tgithub.com/google/uuid\tv1.6.0\th1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
  '\tdep\tgolang.org/x/text\tv0.3.0',
  '\t=>\t../text\t(devel)',
  '\tbuild\t-buildmode=exe',
  '\tbuild\t-ldflags="-X main.v=1 -s"',
  '\tbuild\t"-weird=key"=value',
  '\tbuild\tCGO_ENABLED=0',
  '\tbuild\tvcs.modified=false',
  ''
].join('\n')

describe('parseBuildInfo', () => {
  it('reads the version, modules and settings of go version -m', () => {
    const info = parseBuildInfo(sample)
    expect(info.goVersion).toBe('go1.24.3')
    expect(info.path).toBe('example.com/withdep')
    expect(info.main).toEqual({
      path: 'example.com/withdep',
      version: '(devel)'
    })
    expect(info.deps).toEqual([
      {
        path: 'github.com/google/uuid',
        version: 'v1.6.0',
        sum: 'h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0='
      },
      { path: 'golang.org/x/text', version: 'v0.3.0 => ../text (devel)' }
    ])
    expect(info.settings).toEqual({
      '-buildmode': 'exe',
      '-ldflags': '-X main.v=1 -s',
      '-weird=key': 'value',
      CGO_ENABLED: '0',
      'vcs.modified': 'false'
    })
  })

  it('refuses text that is not go version -m output with a coded error', () => {
    expect(() => parseBuildInfo('hello')).toThrow(EnclaveBuildError)
  })

  it('never crashes on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (head, lines) => {
        try {
          const info = parseBuildInfo([`x: go${head}`, ...lines].join('\n\t'))
          expect(typeof info.settings).toBe('object')
        } catch (err) {
          expect(err).toBeInstanceOf(EnclaveBuildError)
        }
      })
    )
  })
})

import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EnclaveBuildError } from '../../src/errors.js'
import { nullDict, safeMember } from '../../src/targets/gramine/sandbox.js'
import { renderTemplate } from '../../src/targets/gramine/template.js'

// Known nunjucks sandbox escapes, in many shapes. Each one, if it ran,
// would print a secret from the process environment or create a file.
const SECRET = `planted-secret-${process.pid}-7f3a9c`
const MARK = join(tmpdir(), `eb-sandbox-mark-${process.pid}`)
process.env['INPUT_ATTESTATION-KEY'] = SECRET
const READ = `return process.env['INPUT_ATTESTATION-KEY']`
const WRITE = `process.getBuiltinModule('fs').writeFileSync('${MARK}', 'x'); return 'wrote'`

const shapes = (js: string): string[] => {
  const q = JSON.stringify(js)
  return [
    `{{ range.constructor(${q})() }}`,
    `{{ cycler.constructor(${q})() }}`,
    `{{ joiner.constructor(${q})() }}`,
    `{{ lipsum.constructor(${q})() }}`,
    `{{ cycler(1, 2).next.constructor(${q})() }}`,
    `{{ joiner().constructor(${q})() }}`,
    `{{ ''.constructor.constructor(${q})() }}`,
    `{{ "x".toString.constructor(${q})() }}`,
    `{{ "x".upper.constructor(${q})() }}`,
    `{{ [].__proto__.constructor.constructor(${q})() }}`,
    `{{ [].map.constructor(${q})() }}`,
    `{{ {}.constructor.constructor(${q})() }}`,
    `{{ r/x/.constructor.constructor(${q})() }}`,
    `{{ (1).constructor.constructor(${q})() }}`,
    `{{ constructor.constructor(${q})() }}`,
    `{{ toString.constructor(${q})() }}`,
    `{{ __proto__.constructor.constructor(${q})() }}`,
    `{{ env.constructor.constructor(${q})() }}`,
    `{{ env.get.constructor(${q})() }}`,
    `{{ env.__proto__.constructor.constructor(${q})() }}`,
    `{{ gramine.runtimedir.constructor(${q})() }}`,
    `{{ gramine.__proto__ }}{{ gramine.constructor.constructor(${q})() }}`,
    `{{ ldd.constructor(${q})() }}`,
    `{{ python.constructor(${q})() }}`,
    `{{ x.constructor.constructor(${q})() }}`,
    `{{ range["constructor"](${q})() }}`,
    `{% set c = "constr" + "uctor" %}{{ range[c](${q})() }}`,
    `{% set f = range.constructor %}{{ f(${q})() }}`,
    `{% set f = range|attr("constructor") %}{{ f(${q})() }}`,
    `{{ (range|attr("constructor"))(${q})() }}`,
    `{% set d = {"__proto__": range} %}{{ d.constructor(${q})() }}`,
    `{% set d = {"constructor": 1} %}{{ d.constructor }}{{ range.constructor(${q})() }}`,
    `{% for i in [1] %}{{ loop.constructor.constructor(${q})() }}{% endfor %}`,
    `{% macro m() %}{{ caller.constructor(${q})() }}{% endmacro %}{% call m() %}x{% endcall %}`,
    `{% macro m() %}{% endmacro %}{{ m.constructor(${q})() }}`,
    `{% for f in [range]|map(attribute="constructor") %}{{ f(${q})() }}{% endfor %}`,
    `{% for k, g in [range]|groupby("constructor") %}{{ k(${q})() }}{% endfor %}`,
    `{{ ([range]|sort(attribute="constructor")|first).constructor(${q})() }}`,
    `{{ ([range]|selectattr("constructor")|first).constructor(${q})() }}`,
    `{{ [range]|join(",", attribute="constructor.constructor") }}`,
    `{{ [range]|sum(attribute="constructor") }}`,
    `{{ "".constructor.prototype.toString.call(range) }}`,
    `{% set __proto__ = range %}{{ constructor(${q})() }}`,
    `{{ "x" | valueOf }}{{ range.constructor(${q})() }}`,
    `{{ "ctx" | __defineGetter__(range) }}{{ range.constructor(${q})() }}`,
    `{% if x is constructor %}{{ range.constructor(${q})() }}{% endif %}`,
    `{% for f in ["return 1"]|map("constructor") %}{{ f.constructor(${q})() }}{% endfor %}`,
    `{% include "/etc/passwd" %}`,
    `{% import "/etc/passwd" as p %}`,
    `{% extends "/etc/passwd" %}`
  ]
}
const payloads = [...shapes(READ), ...shapes(WRITE)]

afterAll(async () => {
  delete process.env['INPUT_ATTESTATION-KEY']
  await rm(MARK, { force: true })
})

describe('template sandbox', () => {
  const seen: string[] = []

  it.each(payloads)('%s reaches nothing of the host', (payload) => {
    let out: string
    try {
      out = renderTemplate(payload, {
        variables: { x: 'a' },
        env: {},
        chroot: tmpdir()
      })
    } catch (err) {
      expect(err).toBeInstanceOf(EnclaveBuildError)
      expect((err as EnclaveBuildError).code).toMatch(
        /^TEMPLATE_(INVALID|UNSUPPORTED)$/
      )
      out = (err as Error).message
    }
    seen.push(out)
    expect(out).not.toContain(SECRET)
    expect(out).not.toContain('wrote')
    expect(out).not.toContain('[native code]')
    expect(existsSync(MARK)).toBe(false)
  })

  it('left no secret in any output or message', () => {
    expect(seen.length).toBe(payloads.length)
    expect(seen.join('\n')).not.toContain(SECRET)
    expect(existsSync(MARK)).toBe(false)
  })

  it('still lets templates use data, Python methods and the helpers', () => {
    const t = [
      '{{ env.get("EDMM", "0") }} {{ "1" if env.get("EDMM", "0") == "1" else "8" }}',
      '{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %} {{ d.keys() }} {{ d.values() }}',
      '{{ d.get("missing") }} {{ d.a }} {{ "a" in d }} {{ "constructor" in d }} {{ env.get("constructor", "no") }}',
      '{{ "a,b".split(",") | join("+") }} {{ [3, 1, 2] | sort | join }} {{ v.startswith("ba") }} {{ v.endswith("na") }}',
      '{{ [{"n": "x"}, {"n": "y"}] | map(attribute="n") | join("/") }} {{ v | attr("upper") is defined }} {{ range }}',
      '{{ " p ".strip() }}|{{ "{}:{}".format(1, "b") }}|{{ v.replace("a", "o") }}|{{ v[-1] }}|{{ env | length }}'
    ].join('\n')
    expect(
      renderTemplate(t, {
        variables: { d: { a: 1, b: 'two' }, v: 'banana' },
        env: { EDMM: '1' }
      })
    ).toBe(
      [
        '1 1',
        "a=1;b=two; ['a', 'b'] [1, 'two']",
        'None 1 True False no',
        'a+b 123 True True',
        'x/y True <function>',
        'p|1:b|bonono|a|1'
      ].join('\n')
    )
  })
})

describe('safeMember (property)', () => {
  // Every function and constructor reachable through the host's prototypes.
  const host = new Set<unknown>()
  for (const proto of [
    Object.prototype,
    Function.prototype,
    String.prototype,
    Array.prototype,
    Number.prototype,
    RegExp.prototype
  ])
    for (const k of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, k)
      if (d && 'value' in d) host.add(d.value)
    }
  for (const c of [Function, Object, String, Array, Number, RegExp]) host.add(c)
  const names = fc.oneof(
    fc.constantFrom(
      ...Object.getOwnPropertyNames(Object.prototype),
      ...Object.getOwnPropertyNames(Function.prototype),
      ...Object.getOwnPropertyNames(String.prototype),
      ...Object.getOwnPropertyNames(Array.prototype),
      'prototype',
      'caller',
      'arguments'
    ),
    fc.string(),
    fc.integer()
  )
  const objects = [
    'text',
    ['a', 1],
    { a: 1 },
    nullDict({ b: 'x' }),
    () => 1,
    1,
    true,
    /x/,
    new String('s')
  ]

  it('never hands out a host function, constructor or prototype', () => {
    fc.assert(
      fc.property(fc.constantFrom(...objects), names, names, (obj, k1, k2) => {
        const once = safeMember(obj, k1)
        const twice = safeMember(once, k2)
        for (const v of [once, twice]) {
          expect(host.has(v)).toBe(false)
          if (typeof v === 'object' && v !== null)
            expect([Object.prototype, null, Array.prototype]).toContain(
              Object.getPrototypeOf(v)
            )
        }
      }),
      { numRuns: 3000 }
    )
  })
})

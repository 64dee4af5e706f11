import { describe, expect, it } from '@jest/globals'
import {
  parseDefines,
  renderTemplate
} from '../../src/targets/gramine/template.js'
import { codeOf } from './helpers.js'

describe('manifest templates (Jinja semantics)', () => {
  it('passes -D key=value as strings and a bare -D key as True', () => {
    const out = renderTemplate(
      'a = "{{ a }}"\nb = "{{ b }}"\n{% if b %}c = 1{% endif %}\n',
      {
        variables: parseDefines(['a=x=y', 'b'])
      }
    )
    expect(out).toBe('a = "x=y"\nb = "True"\nc = 1\n')
  })

  it('makes undefined variables an error', async () => {
    expect(
      await codeOf(() => renderTemplate('a = "{{ nope }}"', { variables: {} }))
    ).toBe('TEMPLATE_INVALID')
    expect(
      await codeOf(() => renderTemplate('{% if %}', { variables: {} }))
    ).toBe('TEMPLATE_INVALID')
    expect(
      await codeOf(() =>
        renderTemplate('{{ ldd("/bin/sh") }}', { variables: {} })
      )
    ).toBe('TEMPLATE_UNSUPPORTED')
    expect(
      await codeOf(() =>
        renderTemplate('{{ python.stdlib }}', { variables: {} })
      )
    ).toBe('TEMPLATE_UNSUPPORTED')
    expect(await codeOf(() => parseDefines(['=x']))).toBe('INPUT_INVALID')
  })

  it('offers gramine.libos, pkglibdir, runtimedir() and env, keeping the trailing newline', () => {
    const t =
      '{{ gramine.libos }} {{ gramine.pkglibdir }} {{ gramine.runtimedir() }} {{ gramine.runtimedir("musl") }} {{ env.HOME }} {{ gramine.ENCLAVE_STACK_SIZE }}\n\n'
    expect(renderTemplate(t, { variables: {}, env: { HOME: '/h' } })).toBe(
      '/usr/lib/x86_64-linux-gnu/gramine/libsysdb.so /usr/lib/x86_64-linux-gnu/gramine /usr/lib/x86_64-linux-gnu/gramine/runtime/glibc /usr/lib/x86_64-linux-gnu/gramine/runtime/musl /h 262144\n\n'
    )
    // Expected: what gramine-manifest v1.9 printed.
    expect(
      renderTemplate(
        '{{ gramine.runtimedir }}|{{ gramine.runtimedir(libc="musl") }}',
        { variables: {} }
      )
    ).toBe(
      '/usr/lib/x86_64-linux-gnu/gramine/runtime/glibc|/usr/lib/x86_64-linux-gnu/gramine/runtime/musl'
    )
    expect(
      renderTemplate('{{ gramine.libos }}', {
        variables: {},
        pkglibdir: '/opt/g/'
      })
    ).toBe('/opt/g/libsysdb.so')
  })

  it('does not escape HTML characters', () => {
    expect(renderTemplate('{{ x }}', { variables: { x: '<a & "b">' } })).toBe(
      '<a & "b">'
    )
  })
})

describe('Jinja (Python) printing and str methods', () => {
  // Expected strings are what Jinja printed for the same expressions.
  it('prints True/False/None and lists like Python', () => {
    const out = renderTemplate(
      '{{ none }}{{ true }}{{ ["it\'s", 1, none] }}{% for i in range(2) %}{{ loop.first }}{% endfor %}',
      { variables: {} }
    )
    expect(out).toBe('NoneTrue["it\'s", 1, None]TrueFalse')
  })

  it('calls str methods with Python semantics', () => {
    const out = renderTemplate(
      '{{ v.replace("a", "e") }} {{ v.replace("a", "e", 2) }} {{ v.upper() }} {{ "  x y ".strip() }}|{{ "a:b:c".split(":") }}|{{ " a  b ".split() }}|{{ v.startswith("ba") }}|{{ "{}-{}".format(v, 2) }} {{ ",".join(["p", "q"]) }} {{ "xxa".lstrip("x") }}',
      { variables: { v: 'banana' } }
    )
    expect(out).toBe(
      "benene benena BANANA x y|['a', 'b', 'c']|['a', 'b']|True|banana-2 p,q a"
    )
  })

  it("compares with Python's ==, not JavaScript's", async () => {
    // Expected: what Jinja 3.1.6 printed for the same template.
    const t =
      "{{ '1' == 1 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ b == true }} {{ 'a' != 'a' }} {{ [1, 'x'] == [1, 'x'] }} {{ {'a': 1} == {'a': 1} }} {{ none == none }} {{ none == 0 }} {{ '' == 0 }} {{ env.get('EDMM', '0') == '1' }} {{ 0 == false }} {{ [1] == [true] }} {{ 'x' ~ 1 == 'x1' }}"
    expect(renderTemplate(t, { variables: parseDefines(['b']), env: {} })).toBe(
      'False True True True False True True True False False False True True True'
    )
    expect(
      await codeOf(() => renderTemplate('{{ nope == 1 }}', { variables: {} }))
    ).toBe('TEMPLATE_INVALID')
  })
})

describe('an undefined template variable', () => {
  it('is named in the error, with the -D that would define it', () => {
    const message = (t: string): string => {
      try {
        renderTemplate(t, { variables: { gramine: { libos: 'L' } } })
      } catch (err) {
        return (err as Error).message
      }
      return ''
    }
    expect(message('a = "{{ nope }}"')).toMatch(
      /nope is undefined \(pass it with -D nope=value\)/
    )
    expect(
      message('x = 1\nl = "{{ gramine.libos }}"\nb = "{{ app.port }}"')
    ).toMatch(/app\.port is undefined \(pass it with -D app=value\)/)
  })
})

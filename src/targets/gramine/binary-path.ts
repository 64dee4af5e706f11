/**
 * The problem with `path` as gramine-binary-path, or undefined when it is
 * an absolute file path inside the root. Shared by the input schema and the
 * target, so the action reports it before the build.
 */
export function binaryPathProblem(path: string): string | undefined {
  if (!path.startsWith('/'))
    return `gramine-binary-path must be absolute (such as /app/server), not ${JSON.stringify(path)}`
  if (/[\0\n\r]/.test(path))
    return 'gramine-binary-path must not contain control characters'
  const parts = path.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..'))
    return `gramine-binary-path ${JSON.stringify(path)} contains "..": give the plain path inside the enclave`
  if (parts.length === 0 || path.endsWith('/'))
    return `gramine-binary-path ${JSON.stringify(path)} must name a file inside the enclave, such as /app/server`
  return undefined
}

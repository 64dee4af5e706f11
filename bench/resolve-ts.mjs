// Lets Node run the TypeScript sources directly (Node 24 strips types):
// the sources import './x.js' as NodeNext requires, so map a missing .js to
// its .ts sibling.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export async function resolve(specifier, context, next) {
  if (
    specifier.startsWith('.') &&
    specifier.endsWith('.js') &&
    context.parentURL
  ) {
    const url = new URL(specifier, context.parentURL)
    if (!existsSync(fileURLToPath(url))) {
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context)
    }
  }
  return next(specifier, context)
}

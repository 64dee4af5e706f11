import { z } from 'zod'

/**
 * The shapes handed from the Go build to every later stage. zod is the one
 * source: the types are inferred, and the command line parses a user's
 * build-record.json with the same schema (loose: unknown fields are kept).
 */

/**
 * An object schema that keeps unknown keys when it parses (a user's file
 * may carry fields a newer version wrote) but is typed as the plain object,
 * so the inferred types have no index signature.
 */
export const looseObject = z.looseObject as unknown as typeof z.object

/** sha256 as hex, either case (as a user's file may have it). */
export const sha256Hex = z.string().regex(/^[0-9a-fA-F]{64}$/)
const dep = looseObject({
  path: z.string(),
  version: z.string(),
  sum: z.string().optional()
})

/**
 * Everything that decided the bytes of a Go build (build-record.json, also
 * written by `enclave-build go build --record`). With -trimpath the binary
 * does not carry -ldflags, so the attestation carries this record instead.
 * goSumSha256 is null when the module has no dependencies; reproducible is
 * null when no rebuild check ran.
 */
export const buildRecordSchema = looseObject({
  schemaVersion: z.literal(1),
  goVersion: z.string(),
  goos: z.string(),
  goarch: z.string(),
  package: z.string(),
  env: z.record(z.string(), z.string()),
  args: z.array(z.string()),
  ldflags: z.string(),
  tags: z.array(z.string()),
  cgo: z.boolean(),
  /** With cgo: the C compiler and C library that shaped the bytes. */
  cToolchain: looseObject({
    cc: z.string(),
    version: z.string(),
    libc: z.string()
  }).optional(),
  goamd64: z.string(),
  goSumSha256: sha256Hex.nullable(),
  binary: looseObject({
    path: z.string(),
    sha256: sha256Hex,
    size: z.number()
  }),
  buildinfo: looseObject({
    goVersion: z.string(),
    path: z.string(),
    main: dep,
    deps: z.array(dep),
    settings: z.record(z.string(), z.string())
  }),
  source: looseObject({
    commit: z.string(),
    commitTime: z.string(),
    repository: z.string().optional()
  }),
  reproducible: z.boolean().nullable()
})

/** A Go build record. */
export type BuildRecord = z.infer<typeof buildRecordSchema>

/** The parsed output of `go version -m`. */
export type BuildInfo = BuildRecord['buildinfo']

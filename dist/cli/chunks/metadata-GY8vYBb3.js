import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** What nitro-cli writes when it cannot read a kernel config. */
const DEFAULT_OS = 'Generic Linux';
const DEFAULT_KERNEL_VERSION = 'Unknown version';
/**
 * Serialises like serde_json::to_vec: compact, struct field order. For
 * strings JSON.stringify escapes exactly as serde_json does (", \\, \b \f
 * \n \r \t, other controls as lower-case \u00xx, nothing else).
 */
function encodeMetadata(m) {
    const value = {
        ImageName: m.imageName,
        ImageVersion: m.imageVersion,
        BuildMetadata: {
            BuildTime: m.buildTime,
            BuildTool: m.buildTool,
            BuildToolVersion: m.buildToolVersion,
            OperatingSystem: m.operatingSystem,
            KernelVersion: m.kernelVersion
        },
        DockerInfo: m.dockerInfo ?? null,
        CustomMetadata: m.customMetadata ?? null
    };
    return new TextEncoder().encode(JSON.stringify(value));
}
/** Parses a metadata section; malformed JSON is EIF_INVALID. */
function decodeMetadata(bytes) {
    let parsed;
    try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch {
        throw new EnclaveBuildError('EIF_INVALID', 'the metadata section is not valid UTF-8 JSON; the EIF is corrupt');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new EnclaveBuildError('EIF_INVALID', 'the metadata section is not a JSON object; the EIF is corrupt');
    return parsed;
}
/**
 * An RFC 3339 build time from a date, the way chrono's to_rfc3339 prints
 * a UTC time without fractional seconds: "1970-01-01T00:00:00+00:00".
 */
function formatBuildTime(date) {
    if (Number.isNaN(date.getTime()))
        throw new EnclaveBuildError('INPUT_INVALID', 'build time is not a valid date');
    return `${date.toISOString().slice(0, 19)}+00:00`;
}
/** Our BuildTool name in the metadata. */
const BUILD_TOOL = 'enclave-build';
/**
 * Our BuildToolVersion. Fixed text rather than read from package.json so
 * that the measure path loads no JSON; not measured, only in the file bytes.
 */
const BUILD_TOOL_VERSION = '0.1.0';
/**
 * What AWS's eif_build writes when given no --build-tool flags (its crate
 * name and the release the test vectors were made with). `nitro build`
 * defaults to these so that, like eif_build, it reproduces eif_build's
 * bytes from the same kernel, cmdline, ramdisks, name, version and time.
 */
const EIF_BUILD_TOOL = 'eif_build';
const EIF_BUILD_TOOL_VERSION = '0.3.1';

export { BUILD_TOOL_VERSION as B, DEFAULT_KERNEL_VERSION as D, EIF_BUILD_TOOL_VERSION as E, DEFAULT_OS as a, EIF_BUILD_TOOL as b, BUILD_TOOL as c, decodeMetadata as d, encodeMetadata as e, formatBuildTime as f };

import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { p as parsePe } from './pe-CMa41Mkz.js';
import { stubMajorVersion } from './nitro-pcrs-DuaOyKeb.js';
import './tdx-BS7SA3Ep.js';

/*
 * PCR 11 as the UKI's own systemd-stub extends it before starting the
 * kernel (systemd docs/TPM2_PCR_MEASUREMENTS.md, src/fundamental/uki.h):
 * for each UKI section the stub knows, in its canonical order (not the file
 * order), and only when the section is not empty, one extend with the hash
 * of the section name plus a NUL, then one with the hash of its data; then
 * systemd-pcrphase's boot phase strings ("enter-initrd", ...) without NUL.
 * Which sections the stub knows depends on its version (uki.h grew):
 *  - 252: .linux .osrel .cmdline .initrd .splash .dtb .pcrpkey
 *  - 254: + .uname .sbat after .dtb
 *  - 256: + .ucode after .initrd
 *  - 257: + .profile at the end
 * .pcrsig is never measured (it signs the result). systemd-measure from
 * the same release as the stub computes the same value; a newer ukify that
 * calls an older systemd-measure (or the reverse) disagrees with the stub
 * (systemd issues 28587 and 35820), which is why the version is read from
 * the stub's .sdmagic here.
 */
/** The sections a stub of `major` version measures, in canonical order. */
function measuredSections(major) {
    const s = ['.linux', '.osrel', '.cmdline', '.initrd'];
    if (major >= 256)
        s.push('.ucode');
    s.push('.splash', '.dtb');
    if (major >= 254)
        s.push('.uname', '.sbat');
    s.push('.pcrpkey');
    if (major >= 257)
        s.push('.profile');
    return s;
}
/** The most zeros a measured section may have beyond its raw data. */
const MAX_ZERO_FILL = 16 * 2 ** 20;
/** The section contents as the stub sees them in memory: VirtualSize bytes, zero past the raw data. */
function loaded(pe, name) {
    const s = pe.sections.find((x) => x.name === name);
    if (!s || s.virtualSize === 0)
        return undefined;
    const raw = Math.min(s.virtualSize, s.sizeOfRawData);
    if (s.pointerToRawData + raw > pe.bytes.length)
        throw new EnclaveBuildError('INPUT_INVALID', `the UKI's ${name} section runs past the end of the file`);
    // ukify writes VirtualSize = the data's length, never above the raw
    // size: a few header bytes claiming gigabytes of zeros would cost that
    // much memory and hashing (and RangeError at 2 GiB)
    if (s.virtualSize - raw > MAX_ZERO_FILL)
        throw new EnclaveBuildError('INPUT_INVALID', `the UKI's ${name} section claims ${s.virtualSize} bytes in memory but holds ${raw} in the file; rebuild the UKI (ukify writes no such section)`);
    const out = new Uint8Array(s.virtualSize);
    out.set(pe.bytes.subarray(s.pointerToRawData, s.pointerToRawData + raw));
    return out;
}
/** PCR 11 of a UKI in each bank, hex. */
function pcr11(uki, options = {}) {
    const pe = parsePe(uki, '--image');
    const major = options.stubVersion ?? stubMajorVersion(pe, '--image');
    // A .dtbauto/.hwids UKI measures the devicetree the machine selects
    // (uapi-group/specifications#182), and a multi-profile UKI the profile
    // the boot menu picked: neither is a property of the file alone.
    const names = pe.sections.map((s) => s.name);
    const unsupported = names.filter((n) => n === '.dtbauto' || n === '.hwids');
    if (unsupported.length > 0 ||
        names.filter((n) => n === '.profile').length > 1)
        throw new EnclaveBuildError('INPUT_INVALID', `the UKI has ${unsupported.length ? unsupported.join(' and ') : 'several .profile'} sections: its PCR 11 depends on the machine or the chosen profile, not on the file; build it without them`);
    const events = [];
    for (const name of measuredSections(major)) {
        const data = loaded(pe, name);
        if (!data)
            continue;
        events.push(Buffer.from(`${name}\0`, 'latin1'), data);
    }
    for (const phase of options.phases ?? [])
        events.push(Buffer.from(phase));
    const crypto = process.getBuiltinModule('node:crypto');
    const out = {};
    for (const bank of options.banks ?? ['sha256', 'sha384']) {
        let pcr = Buffer.alloc(bank === 'sha256' ? 32 : 48);
        for (const e of events) {
            const d = crypto.createHash(bank).update(e).digest();
            pcr = crypto.createHash(bank).update(pcr).update(d).digest();
        }
        out[bank] = pcr.toString('hex');
    }
    return out;
}

export { measuredSections, pcr11 };
